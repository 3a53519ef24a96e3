"""What each finding says, in Vietnamese and English, written for the unit that must act on it."""

from clipcontest.common.text import Text

DURATION_UNKNOWN = Text(
    vi="Chưa biết thời lượng: sẽ kiểm tra khi đọc được thông tin bài đăng hoặc khi Ban Tổ chức "
    "xác minh.",
    en="Duration not known yet: it is checked once the post's details are read or an organiser "
    "verifies it.",
)
TOO_SHORT = Text(
    vi="Clip dài {duration}, ngắn hơn mức tối thiểu {min}.",
    en="The clip lasts {duration}, shorter than the minimum of {min}.",
)
TOO_LONG = Text(
    vi="Clip dài {duration}, vượt mức tối đa {max}.",
    en="The clip lasts {duration}, longer than the maximum of {max}.",
)
POSTED_UNKNOWN = Text(
    vi="Chưa biết ngày đăng: sẽ kiểm tra khi đọc được thông tin bài đăng hoặc khi Ban Tổ chức "
    "xác minh.",
    en="Posting date not known yet: it is checked once the post's details are read or an "
    "organiser verifies it.",
)
POSTED_BEFORE = Text(
    vi="Clip đăng ngày {posted}, trước khi cuộc thi mở ({opens}).",
    en="The clip was posted on {posted}, before the contest opened ({opens}).",
)
POSTED_AFTER = Text(
    vi="Clip đăng ngày {posted}, sau khi cuộc thi kết thúc ({closes}).",
    en="The clip was posted on {posted}, after the contest closed ({closes}).",
)
SUBMITTED_LATE = Text(
    vi="Clip được gửi lúc {submitted}, sau hạn cuối nhận bài dự thi (hết ngày {closes}).",
    en="The clip was submitted at {submitted}, after the closing date ({closes}, end of day).",
)
PLATFORM_NOT_ALLOWED = Text(
    vi="Nền tảng {platform} không thuộc các nền tảng của cuộc thi ({allowed}).",
    en="{platform} is not one of the contest's platforms ({allowed}).",
)
DUPLICATE = Text(
    vi="Video này đã được dự thi trước đó (bài {ref} của đơn vị {unit}); chỉ bài gửi sớm nhất "
    "được tính.",
    en="This video was entered earlier (entry {ref} of unit {unit}); only the earliest "
    "submission counts.",
)
NOT_IN_LETTER = Text(
    vi="Chưa có công văn nào đã nhận liệt kê clip này.",
    en="No official letter received so far lists this clip.",
)
BELOW_MINIMUM = Text(
    vi="Đơn vị có {eligible} clip hợp lệ, chưa đủ tối thiểu {minimum} clip.",
    en="The unit has {eligible} eligible clips, fewer than the minimum of {minimum}.",
)
LETTER_MISSING = Text(
    vi="Chưa nhận được công văn danh sách clip (hạn {deadline}).",
    en="No official letter listing the clips has been received (due {deadline}).",
)
LETTER_LATE = Text(
    vi="Công văn danh sách clip được nhận sau hạn {deadline}.",
    en="The official letter listing the clips arrived after the deadline of {deadline}.",
)
DURATION_UNVERIFIED = Text(
    vi="Thời lượng do đơn vị tự khai, chưa được Ban Tổ chức xác minh.",
    en="The duration was given by the unit and has not been verified by an organiser yet.",
)
LINK_MISSING = Text(
    vi="Clip chưa có đường dẫn bài đăng: hãy đăng clip trên tài khoản của đơn vị rồi thêm đường "
    "dẫn.",
    en="The clip has no post link yet: post it on the unit's own account, then add the link.",
)
VIDEO_UNAVAILABLE = Text(
    vi="Bài đăng không còn xem được (đã xóa hoặc để riêng tư); Ban Tổ chức sẽ xem xét.",
    en="The post can no longer be viewed (deleted or made private); the organisers will decide.",
)
NOT_SHARED_TO_GROUP = Text(
    vi="Chưa có đường dẫn hoặc ảnh chụp bài chia sẻ clip vào nhóm Facebook “{group}”: hãy chia "
    "sẻ clip vào nhóm rồi dán đường dẫn bài chia sẻ, hoặc tải lên ảnh chụp màn hình nếu nhóm "
    "để riêng tư.",
    en="No link or screenshot of the clip's share into the Facebook group “{group}” yet: share "
    "the clip into the group and paste the share's link, or upload a screenshot if the group is "
    "private.",
)
POSTED_UNVERIFIED = Text(
    vi="Ngày đăng do đơn vị tự khai, chưa được Ban Tổ chức xác minh.",
    en="The posting date was given by the unit and has not been verified by an organiser yet.",
)
DUPLICATE_CHOSEN = Text(
    vi="Video này cũng được dự thi ở bài {ref} của đơn vị {unit}; Ban Tổ chức đã chọn bài đó "
    "để tính.",
    en="This video is also entered as entry {ref} of unit {unit}; the organisers chose that "
    "entry to count.",
)
DISQUALIFIED = Text(
    vi="Ban Tổ chức đã loại clip này. {why}",
    en="The organisers disqualified this clip. {why}",
)
GROUND_AND_REASON = Text(
    vi="Căn cứ: {ground}. Lý do: {reason}",
    en="Ground: {ground}. Reason: {reason}",
)
# The grounds of ``entries.models.DisqualificationGround``, in both languages at once.
GROUNDS = {
    "off_topic": Text(vi="không đúng chủ đề cuộc thi", en="off topic"),
    "copyright": Text(vi="khiếu nại về bản quyền", en="copyright complaint"),
    "post_deleted": Text(vi="bài đăng đã bị xóa", en="post deleted"),
    "duplicate": Text(vi="trùng lặp với clip khác", en="duplicate of another clip"),
    "other": Text(vi="lý do khác", en="other"),
}


def disqualification(ground: str, reason: str) -> Text:
    """The ground and the organiser's own words, as the unit reads them under its clip."""
    label = GROUNDS.get(ground, Text(vi=ground, en=ground))
    return Text(
        vi=GROUND_AND_REASON.vi.format(ground=label.vi, reason=reason),
        en=GROUND_AND_REASON.en.format(ground=label.en, reason=reason),
    )


def disqualified(why: Text) -> Text:
    return Text(vi=DISQUALIFIED.vi.format(why=why.vi), en=DISQUALIFIED.en.format(why=why.en))
