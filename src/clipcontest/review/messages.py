"""Why the organisers' review refused a change, in Vietnamese and English."""

from clipcontest.common.text import Text

STAFF_ONLY = Text(
    vi="Chỉ Ban Tổ chức hoặc Thư ký mới được xét duyệt clip.",
    en="Only the organisers or the secretariat may review clips.",
)
RESULTS_LOCKED = Text(
    vi="Kết quả đã được chốt: không thể thay đổi việc xét duyệt clip. Hãy mở lại kết quả (ghi rõ "
    "lý do) trước khi sửa.",
    en="The results are finalised: the review of clips is locked. Reopen the results (with a "
    "reason) to change it.",
)
REASON_REQUIRED = Text(vi="Cần ghi rõ lý do.", en="A reason is required.")
NUL_CHARACTER = Text(
    vi="Nội dung có ký tự NUL (mã 0), không phải chữ; hãy gõ lại.",
    en="The text holds a NUL character (code 0), which is not text; type it again.",
)
NOTE_REQUIRED = Text(
    vi="Cần ghi chú đã xác minh bằng cách nào (ví dụ: đã xem bài đăng gốc).",
    en="A note is required: say how it was verified (for example, watched the original post).",
)
WITHDRAWN = Text(
    vi="Clip {ref} đã được đơn vị rút khỏi cuộc thi nên không cần xét duyệt.",
    en="Clip {ref} was withdrawn by its unit, so there is nothing to review.",
)
BAD_DURATION = Text(
    vi="Thời lượng phải từ 0 đến 999999,999 giây.",
    en="The duration must be between 0 and 999999.999 seconds.",
)
DURATION_MISSING = Text(vi="Hãy nhập thời lượng.", en="Enter the duration.")
POSTED_MISSING = Text(vi="Hãy nhập ngày đăng.", en="Enter the posting date.")
POSTED_IN_FUTURE = Text(
    vi="Ngày đăng {posted} chưa tới: không thể đăng clip trong tương lai.",
    en="The posting date {posted} has not come yet: a clip cannot be posted in the future.",
)
NO_SUCH_FINDING = Text(
    vi="Clip {ref} hiện không có nhận xét «{code}» để bỏ qua.",
    en="Clip {ref} has no finding '{code}' at present to override.",
)
CANNOT_OVERRIDE_DISQUALIFIED = Text(
    vi="Không thể bỏ qua việc loại clip: hãy khôi phục clip (ghi rõ lý do).",
    en="A disqualification cannot be overridden: restore the clip instead (with a reason).",
)
CANNOT_OVERRIDE_DUPLICATE = Text(
    vi="Không thể bỏ qua việc trùng video: hãy chọn clip được tính ở trang Clip trùng video.",
    en="A duplicate cannot be overridden: choose the clip that counts on the duplicates page.",
)
CANNOT_OVERRIDE_UNIT = Text(
    vi="«{code}» là nhận xét về đơn vị, không phải về clip: không thể bỏ qua.",
    en="'{code}' is about the unit, not a clip: it cannot be overridden.",
)
ALREADY_OVERRIDDEN = Text(
    vi="Nhận xét «{code}» của clip {ref} đã được bỏ qua rồi.",
    en="The finding '{code}' of clip {ref} is already overridden.",
)
OVERRIDE_ALREADY_WITHDRAWN = Text(
    vi="Việc bỏ qua nhận xét này đã được huỷ rồi.",
    en="This override was already withdrawn.",
)
UNKNOWN_GROUND = Text(
    vi="Hãy chọn căn cứ loại clip trong danh sách.",
    en="Choose the ground for disqualification from the list.",
)
ALREADY_DISQUALIFIED = Text(
    vi="Clip {ref} đã bị loại rồi; hãy khôi phục trước nếu muốn đổi căn cứ.",
    en="Clip {ref} is already disqualified; restore it first to change the ground.",
)
NOT_DISQUALIFIED = Text(
    vi="Clip {ref} không bị loại nên không cần khôi phục.",
    en="Clip {ref} is not disqualified, so there is nothing to restore.",
)
NO_DUPLICATES = Text(
    vi="Clip {ref} không trùng video với clip nào khác đang dự thi.",
    en="Clip {ref} shares its video with no other clip in the contest.",
)
DISQUALIFIED_CANNOT_STAND = Text(
    vi="Clip {ref} đã bị loại nên không thể được chọn để tính; hãy khôi phục trước.",
    en="Clip {ref} is disqualified, so it cannot be the one that counts; restore it first.",
)
ALREADY_STANDS = Text(
    vi="Clip {ref} đã là clip được chọn để tính cho video này.",
    en="Clip {ref} is already the one chosen to count for this video.",
)
NO_GROUP_SHARE = Text(
    vi="Clip {ref} chưa có đường dẫn hoặc ảnh chụp bài chia sẻ vào nhóm nên chưa có gì để xác "
    "minh.",
    en="Clip {ref} has no link or screenshot of a share into the group, so there is nothing to "
    "verify.",
)
GROUP_SHARE_VERIFIED_ALREADY = Text(
    vi="Bài chia sẻ vào nhóm của clip {ref} đã được xác minh rồi.",
    en="The share of clip {ref} into the group is already verified.",
)
