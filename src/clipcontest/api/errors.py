"""How the API says no: one JSON shape per kind of failure, every message in both languages.

- ``{"code": ..., "message": {"vi": ..., "en": ...}}`` for 400, 401, 403 and 404;
- ``{"problems": {field: {"vi": ..., "en": ...}}}`` for 422, whether the service refused the
  input (``EntryRefused``) or the request did not match the schema (wrong type, too long).

Clients therefore handle one shape per status, and never see a 500 for bad input.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from clipcontest.common.text import Text
from clipcontest.entries.services import EntryRefused


class ApiError(Exception):
    """A refusal with a stable code and a message in both languages."""

    def __init__(self, status: int, code: str, message: Text) -> None:
        self.status, self.code, self.message = status, code, message
        super().__init__(f"{status} {code}: {message.both()}")


NOT_AUTHENTICATED = Text(
    vi="Cần đăng nhập, hoặc gửi mã truy cập API trong header “Authorization: Bearer …”.",
    en="Log in, or send an API token in the “Authorization: Bearer …” header.",
)
TOKEN_INVALID = Text(
    vi="Mã truy cập API không đúng hoặc đã bị thu hồi.",
    en="The API token is wrong or has been revoked.",
)
CSRF_FAILED = Text(
    vi="Kiểm tra CSRF không đạt: khi dùng phiên đăng nhập, hãy gửi kèm header X-CSRFToken "
    "(lấy từ cookie csrftoken), hoặc dùng mã truy cập API.",
    en="CSRF check failed: with a login session, send the X-CSRFToken header (from the "
    "csrftoken cookie), or use an API token instead.",
)
UNITS_ONLY = Text(
    vi="Chỉ đại diện của đơn vị dự thi mới dùng được chức năng này.",
    en="Only a participating unit's representative can do this.",
)
NOT_ALLOWED = Text(
    vi="Tài khoản của bạn không có quyền xem thông tin này.",
    en="Your account may not see this.",
)
ENTRY_NOT_FOUND = Text(vi="Không tìm thấy clip {ref}.", en="Clip {ref} not found.")
LETTER_NOT_FOUND = Text(vi="Không tìm thấy công văn {id}.", en="Official letter {id} not found.")
CONTEST_NOT_FOUND = Text(vi="Không có cuộc thi {slug}.", en="There is no contest {slug}.")
NO_CONTEST = Text(
    vi="Chưa có cuộc thi nào được nạp vào hệ thống.", en="No contest has been loaded yet."
)
UNKNOWN_UNIT = Text(vi="Không có đơn vị mã {code}.", en="There is no unit with code {code}.")
BAD_BODY = Text(
    vi="Nội dung yêu cầu không phải JSON hợp lệ (UTF-8).",
    en="The request body is not valid JSON (UTF-8).",
)
BAD_REQUEST = Text(vi="Yêu cầu không hợp lệ.", en="Bad request.")
NOT_FOUND = Text(vi="Không tìm thấy.", en="Not found.")

# What pydantic's error types mean, for the people who read the 422 (``{name}`` from its ctx).
_SCHEMA_MESSAGES: dict[str, Text] = {
    "missing": Text(vi="Thiếu trường này.", en="This field is missing."),
    "extra_forbidden": Text(
        vi="Trường này không có trong API; kiểm tra lại tên trường.",
        en="This field is not part of the API; check its name.",
    ),
    "string_type": Text(vi="Phải là một chuỗi ký tự.", en="Must be a string."),
    "string_too_long": Text(
        vi="Dài quá {max_length} ký tự.", en="Longer than {max_length} characters."
    ),
    "too_long": Text(vi="Nhiều quá {max_length} mục.", en="More than {max_length} items."),
    "list_type": Text(vi="Phải là một danh sách.", en="Must be a list."),
    "bool_type": Text(vi="Phải là true hoặc false.", en="Must be true or false."),
    "bool_parsing": Text(vi="Phải là true hoặc false.", en="Must be true or false."),
    "greater_than_equal": Text(vi="Không được nhỏ hơn {ge}.", en="Must be at least {ge}."),
    "greater_than": Text(vi="Phải lớn hơn {gt}.", en="Must be greater than {gt}."),
    "less_than_equal": Text(vi="Không được lớn hơn {le}.", en="Must be at most {le}."),
    "less_than": Text(vi="Phải nhỏ hơn {lt}.", en="Must be less than {lt}."),
    "decimal_max_places": Text(
        vi="Tối đa {decimal_places} chữ số sau dấu thập phân.",
        en="At most {decimal_places} digits after the decimal point.",
    ),
    "decimal_max_digits": Text(
        vi="Tối đa {max_digits} chữ số.", en="At most {max_digits} digits in all."
    ),
    "decimal_whole_digits": Text(
        vi="Tối đa {whole_digits} chữ số ở phần nguyên.",
        en="At most {whole_digits} digits before the decimal point.",
    ),
    "model_type": Text(vi="Phải là một đối tượng JSON.", en="Must be a JSON object."),
    "model_attributes_type": Text(vi="Phải là một đối tượng JSON.", en="Must be a JSON object."),
    "dict_type": Text(vi="Phải là một đối tượng JSON.", en="Must be a JSON object."),
    "nul_character": Text(
        vi="Không được chứa ký tự NUL (\\u0000).", en="Must not contain the NUL character."
    ),
}
_NUMBER = Text(vi="Phải là một số.", en="Must be a number.")
for _type in (
    "decimal_parsing",
    "decimal_type",
    "float_parsing",
    "float_type",
    "int_parsing",
    "int_type",
    "finite_number",
):
    _SCHEMA_MESSAGES[_type] = _NUMBER
_INVALID = Text(vi="Giá trị không hợp lệ ({detail}).", en="Invalid value ({detail}).")


def field_name(loc: Iterable[str | int]) -> str:
    """``("body", "payload", "authors", 0, "name")`` → ``authors[0].name``.

    The first item is where the value came from (body, query, path); a body schema also
    carries the name of the view's argument, which means nothing to a client.
    """
    parts = list(loc)
    if parts and parts[0] == "body":
        parts = parts[2:]
    elif parts:
        parts = parts[1:]
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "__all__"


def schema_message(error: dict[str, Any]) -> Text:
    template = _SCHEMA_MESSAGES.get(error.get("type", ""))
    if template is None:
        return _INVALID.format(detail=error.get("msg", ""))
    context = {key: str(value) for key, value in (error.get("ctx") or {}).items()}
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return _INVALID.format(detail=error.get("msg", ""))


def problems_body(problems: dict[str, Text]) -> dict[str, Any]:
    return {"problems": {name: text.as_dict() for name, text in problems.items()}}


def error_body(code: str, message: Text) -> dict[str, Any]:
    return {"code": code, "message": message.as_dict()}


def install_error_handlers(api: NinjaAPI) -> None:
    """Replace ninja's English-only ``{"detail": ...}`` bodies with ours."""

    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        response = api.create_response(
            request, error_body(exc.code, exc.message), status=exc.status
        )
        if exc.status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="clipcontest"'
        return response

    @api.exception_handler(EntryRefused)
    def refused(request: HttpRequest, exc: EntryRefused) -> HttpResponse:
        return api.create_response(request, problems_body(exc.problems), status=422)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        problems: dict[str, Text] = {}
        for error in exc.errors:
            problems.setdefault(field_name(error.get("loc", ())), schema_message(error))
        return api.create_response(request, problems_body(problems), status=422)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api_error(request, ApiError(401, "not_authenticated", NOT_AUTHENTICATED))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api_error(request, ApiError(404, "not_found", NOT_FOUND))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja raises these itself: 400 for a body it cannot parse, and whatever else it adds.
        if exc.status_code == 400 and "parse request body" in str(exc):
            return api_error(request, ApiError(400, "bad_body", BAD_BODY))
        message = Text(vi=BAD_REQUEST.vi + f" ({exc})", en=str(exc))
        return api_error(request, ApiError(exc.status_code, "http_error", message))
