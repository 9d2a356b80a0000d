"""What citizens raise at a commune's meetings, one scenario at a time: the question, the answer
given at the meeting, the task the conclusion assigns, the result reported, and who carries it out.

A scenario's texts belong together (a question about dredging a canal is answered about dredging
the canal, assigned to the office in charge of irrigation).  ``route`` says where it ends:
"commune" (answered at the meeting or assigned as a commune task), "upper" (forwarded: the
province decides) or "civil" (a private matter, not the State's business).

Placeholders filled per opinion: {hamlet} {road} {project} {school_mn} {school_th} {school_thcs}
{n} (3–40) {few} (2–6) {length} (metres) {next_year} {head} (the hamlet's head) {village} ("thôn",
"bản", "ấp", "tổ dân phố"…).
``rural``: a scenario of fields and farms, which a ward does not hear.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Scenario:
    question: str
    answer: str = ""
    task: str = ""
    result: str = ""
    assignee: str = ""
    coordinating: str = ""
    route: str = "commune"  # "commune", "upper" (forwarded) or "civil" (not a matter for the State)
    weight: int = 4
    rural: bool = False


LAND_OFFICER = "Công chức Địa chính - Xây dựng"
ECONOMY = "Phòng Kinh tế"
SOCIAL = "Phòng Văn hóa - Xã hội"
SOCIAL_OFFICER = "Công chức Văn hóa - Xã hội"
POLICE = "Công an xã"
HEALTH = "Trạm Y tế xã"
OFFICE = "Văn phòng HĐND và UBND xã"
SERVICE_CENTRE = "Trung tâm Phục vụ hành chính công xã"
COMPENSATION_BOARD = "Hội đồng bồi thường, hỗ trợ và tái định cư xã"
S = Scenario

SCENARIOS: dict[str, list[Scenario]] = {
    "land": [
        S("Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho {n} hộ dân {hamlet}; hồ sơ đã nộp hơn một năm "
          "nhưng chưa được cấp.",
          "Hồ sơ của các hộ còn thiếu trích đo thửa đất; xã đã đề nghị Văn phòng đăng ký đất đai đo đạc bổ sung, "
          "dự kiến trao giấy chứng nhận trong quý tới.",
          "Rà soát hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất của các hộ dân {hamlet}, hướng dẫn bổ sung "
          "và chuyển Văn phòng đăng ký đất đai giải quyết.",
          "Đã rà soát {n} hồ sơ, hướng dẫn các hộ bổ sung; các hộ đủ điều kiện đã được trao giấy chứng nhận "
          "quyền sử dụng đất.", LAND_OFFICER, "{head}", weight=6),
        S("Gia đình tôi ở {hamlet} có tranh chấp ranh giới thửa đất với hộ liền kề, đề nghị xã đo đạc lại và tổ "
          "chức hòa giải.",
          "Công chức Địa chính sẽ đối chiếu hồ sơ địa chính, đo đạc thực địa để xác định ranh giới; xã tổ chức "
          "hòa giải tranh chấp tại {village} trong tháng này.",
          "Đo đạc, xác định ranh giới thửa đất và tổ chức hòa giải tranh chấp đất đai tại {hamlet} theo kiến nghị "
          "của công dân.",
          "Đã đo đạc, xác định ranh giới thửa đất; hòa giải thành, hai hộ thống nhất cắm lại mốc giới.",
          LAND_OFFICER, "Tổ hòa giải {hamlet}"),
        S("Thủ tục chuyển mục đích sử dụng đất vườn sang đất ở còn chậm, đề nghị xã hướng dẫn cụ thể hồ sơ và "
          "thời gian giải quyết.",
          "Việc chuyển mục đích sử dụng đất phải phù hợp kế hoạch sử dụng đất hằng năm; hồ sơ nộp tại Trung tâm "
          "Phục vụ hành chính công xã và được giải quyết trong thời hạn đã niêm yết.",
          "Niêm yết công khai thủ tục chuyển mục đích sử dụng đất và kế hoạch sử dụng đất hằng năm; hướng dẫn "
          "các hộ {hamlet} có nhu cầu lập hồ sơ.",
          "Đã niêm yết thủ tục chuyển mục đích sử dụng đất và kế hoạch sử dụng đất tại trụ sở và nhà văn hóa các "
          "{village}; đã hướng dẫn các hộ lập hồ sơ.", ECONOMY, SERVICE_CENTRE),
        S("Giá đất tính tiền sử dụng đất khi chuyển mục đích quá cao so với thu nhập của người dân, đề nghị cấp "
          "có thẩm quyền xem xét điều chỉnh bảng giá đất.", route="upper", weight=2),
    ],
    "compensation": [
        S("Đề nghị công khai phương án bồi thường, hỗ trợ của {project}; nhiều hộ {hamlet} chưa nắm được diện "
          "tích bị thu hồi và số tiền được nhận.",
          "Phương án bồi thường, hỗ trợ đã niêm yết tại nhà văn hóa {hamlet} và trụ sở UBND xã; hộ nào còn vướng "
          "mắc đến Hội đồng bồi thường để được giải đáp từng trường hợp.",
          "Niêm yết lại và gửi đến từng hộ phương án bồi thường, hỗ trợ của {project}; tổ chức giải đáp vướng mắc "
          "cho các hộ {hamlet}.",
          "Đã gửi phương án bồi thường, hỗ trợ đến từng hộ và tổ chức buổi giải đáp tại nhà văn hóa {hamlet}.",
          COMPENSATION_BOARD, "Ban Quản lý dự án đầu tư xây dựng khu vực", weight=5),
        S("Tiền bồi thường, hỗ trợ của {project} chi trả chậm; {n} hộ đã bàn giao mặt bằng nhưng chưa nhận "
          "được tiền.",
          "Kinh phí bồi thường đã được bố trí; xã đã đề nghị chủ đầu tư chi trả ngay cho các hộ đã bàn giao mặt "
          "bằng trong tháng này.",
          "Đôn đốc chủ đầu tư chi trả tiền bồi thường, hỗ trợ cho {n} hộ đã bàn giao mặt bằng {project}.",
          "Đã phối hợp chủ đầu tư chi trả đủ tiền bồi thường, hỗ trợ cho các hộ đã bàn giao mặt bằng.",
          COMPENSATION_BOARD, "Ban Quản lý dự án đầu tư xây dựng khu vực"),
        S("Đề nghị bố trí đất tái định cư cho các hộ {hamlet} bị thu hồi hết đất ở để thực hiện {project}.",
          "Các hộ bị thu hồi hết đất ở được bố trí tái định cư tại khu tái định cư của dự án; xã sẽ công khai danh "
          "sách và tổ chức bốc thăm lô đất.",
          "Rà soát các hộ {hamlet} đủ điều kiện tái định cư, công khai danh sách, tổ chức bốc thăm giao đất tái "
          "định cư.",
          "Đã công khai danh sách {few} hộ đủ điều kiện tái định cư và tổ chức bốc thăm giao đất.",
          LAND_OFFICER, COMPENSATION_BOARD),
        S("Đơn giá bồi thường đất nông nghiệp của {project} thấp hơn giá chuyển nhượng thực tế, đề nghị tỉnh xem "
          "xét điều chỉnh.", route="upper", weight=3),
    ],
    "construction": [
        S("Một số hộ dựng lều quán, lấn chiếm hành lang an toàn {road}, đề nghị xã kiểm tra, xử lý.",
          "Xã đã giao công chức Địa chính - Xây dựng phối hợp Công an xã kiểm tra, yêu cầu các hộ tự tháo dỡ phần "
          "lấn chiếm; hộ nào không chấp hành sẽ bị xử lý theo quy định.",
          "Kiểm tra, lập biên bản, yêu cầu tháo dỡ các công trình lấn chiếm hành lang an toàn {road}.",
          "Đã lập biên bản {few} trường hợp lấn chiếm; các hộ đã tự tháo dỡ, trả lại hành lang an toàn giao thông.",
          LAND_OFFICER, POLICE),
        S("Đề nghị hướng dẫn thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ tại khu dân cư mới {hamlet}.",
          "Nhà ở riêng lẻ tại khu dân cư đã có quy hoạch chi tiết phải có giấy phép xây dựng; hồ sơ nộp tại Trung "
          "tâm Phục vụ hành chính công xã, có mẫu đơn và hướng dẫn kèm theo.",
          "Niêm yết thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ, hướng dẫn các hộ khu dân cư mới {hamlet} lập "
          "hồ sơ.",
          "Đã niêm yết thủ tục và hướng dẫn các hộ có nhu cầu lập hồ sơ đề nghị cấp giấy phép xây dựng.",
          LAND_OFFICER, SERVICE_CENTRE),
        S("Nhà văn hóa {hamlet} xây dựng đã lâu, mái dột, tường nứt, đề nghị xã hỗ trợ kinh phí sửa chữa.",
          "Xã đưa việc sửa chữa nhà văn hóa {hamlet} vào kế hoạch đầu tư công năm {next_year}; đề nghị {village} vận "
          "động Nhân dân cùng đóng góp ngày công.",
          "Khảo sát, lập dự toán sửa chữa nhà văn hóa {hamlet}, trình UBND xã bố trí kinh phí.",
          "Đã lập dự toán sửa chữa nhà văn hóa {hamlet}; UBND xã đã phê duyệt và bố trí kinh phí.",
          ECONOMY, "{head}"),
    ],
    "transport": [
        S("Tuyến {road} xuống cấp, nhiều ổ gà, mùa mưa lầy lội, đề nghị xã sớm sửa chữa.",
          "Tuyến {road} đã có trong danh mục duy tu năm nay; xã sẽ vá ổ gà trước mùa mưa và đề xuất nâng cấp "
          "trong kế hoạch năm {next_year}.",
          "Khảo sát, vá ổ gà, khơi thông rãnh thoát nước dọc tuyến {road}.",
          "Đã vá ổ gà, khơi thông rãnh thoát nước dọc tuyến {road}.", ECONOMY, "{head}", weight=6),
        S("Ngã ba trên {road} gần cổng trường thường xảy ra va chạm, đề nghị lắp biển báo và gờ giảm tốc.",
          "Xã sẽ lắp biển báo khu vực trường học và gờ giảm tốc tại ngã ba trên {road} trong tháng này.",
          "Lắp đặt biển báo khu vực trường học và gờ giảm tốc tại ngã ba trên {road}.",
          "Đã lắp đặt biển báo và gờ giảm tốc tại ngã ba trên {road}.", ECONOMY, POLICE),
        S("Nhân dân {hamlet} sẵn sàng hiến đất, góp công bê tông hóa đường ngõ xóm, đề nghị xã hỗ trợ xi măng.",
          "Xã hỗ trợ xi măng bê tông hóa đường ngõ xóm theo cơ chế Nhà nước và Nhân dân cùng làm; {village} lập "
          "danh sách tuyến đường, khối lượng gửi về xã để được cấp xi măng.",
          "Tiếp nhận đăng ký của {hamlet}, cấp xi măng bê tông hóa đường ngõ xóm theo cơ chế Nhà nước và Nhân dân "
          "cùng làm.",
          "Đã cấp {n} tấn xi măng cho {hamlet}; {length} m đường ngõ xóm đã được bê tông hóa.",
          ECONOMY, "Ủy ban MTTQ Việt Nam xã"),
        S("Đề nghị lắp đèn chiếu sáng trên {road}, buổi tối đi lại rất khó khăn.",
          "Xã sẽ lắp đèn chiếu sáng năng lượng mặt trời trên {road} từ nguồn xã hội hóa trong quý tới.",
          "Vận động xã hội hóa, lắp đèn chiếu sáng năng lượng mặt trời trên {road}.",
          "Đã lắp {n} bộ đèn chiếu sáng năng lượng mặt trời trên {road}.", ECONOMY, "Đoàn Thanh niên xã", weight=3),
        S("Đường tỉnh qua địa bàn xã xuống cấp nặng, xe tải chạy nhiều, đề nghị tỉnh sớm đầu tư nâng cấp.",
          route="upper", weight=2),
    ],
    "environment": [
        S("Rác thải sinh hoạt ở {hamlet} mỗi tuần chỉ thu gom một lần, ùn ứ gây ô nhiễm, đề nghị tăng số lần "
          "thu gom.",
          "Xã sẽ làm việc với đơn vị thu gom để tăng lên ba lần mỗi tuần; đề nghị các hộ phân loại rác tại nguồn "
          "và để rác đúng nơi quy định.",
          "Làm việc với đơn vị thu gom, tăng số lần thu gom rác thải sinh hoạt tại {hamlet} lên ba lần mỗi tuần.",
          "Đơn vị thu gom đã tăng lên ba lần mỗi tuần tại {hamlet}; đã đặt thêm điểm tập kết rác.",
          ECONOMY, "Hội Liên hiệp Phụ nữ xã", weight=6),
        S("Trại chăn nuôi lợn ở {hamlet} xả nước thải ra mương chung, mùi hôi ảnh hưởng các hộ xung quanh, đề "
          "nghị kiểm tra, xử lý.",
          "Đoàn kiểm tra của xã sẽ kiểm tra việc xử lý chất thải của trại chăn nuôi, yêu cầu khắc phục và xử lý "
          "vi phạm nếu có.",
          "Kiểm tra việc xả thải của trại chăn nuôi lợn tại {hamlet}, yêu cầu khắc phục, xử lý vi phạm về bảo vệ "
          "môi trường.",
          "Đã kiểm tra, lập biên bản; chủ trại chăn nuôi đã xây bể biogas, không còn xả nước thải ra mương chung.",
          ECONOMY, POLICE, rural=True),
        S("Sau thu hoạch nhiều hộ đốt rơm rạ ngay trên đồng, khói bụi bay vào khu dân cư {hamlet}, đề nghị xã có "
          "biện pháp.",
          "Xã sẽ tuyên truyền để bà con không đốt rơm rạ, hỗ trợ chế phẩm sinh học để ủ rơm rạ làm phân bón.",
          "Tuyên truyền Nhân dân không đốt rơm rạ, hỗ trợ chế phẩm sinh học xử lý rơm rạ cho các hộ {hamlet}.",
          "Đã tuyên truyền và cấp chế phẩm sinh học cho các hộ; tình trạng đốt rơm rạ tại {hamlet} đã giảm rõ.",
          ECONOMY, "Hội Nông dân xã", rural=True),
        S("Bãi rác tập trung gần {hamlet} đã quá tải, gây ô nhiễm nguồn nước, đề nghị tỉnh sớm đầu tư lò đốt rác.",
          route="upper", weight=2),
    ],
    "security": [
        S("Thanh thiếu niên tụ tập, đua xe trên {road} vào ban đêm gây mất trật tự, đề nghị tăng cường tuần tra.",
          "Công an xã sẽ tăng cường tuần tra, kiểm soát vào buổi tối các ngày cuối tuần và xử lý nghiêm các "
          "trường hợp đua xe trái phép.",
          "Tăng cường tuần tra, kiểm soát trên {road} vào ban đêm; xử lý tình trạng tụ tập, đua xe trái phép.",
          "Đã tổ chức {n} lượt tuần tra, xử lý các trường hợp vi phạm; tình trạng đua xe trên {road} đã chấm dứt.",
          POLICE, "Đoàn Thanh niên xã"),
        S("Gần đây ở {hamlet} xảy ra nhiều vụ trộm cắp xe máy, tài sản, đề nghị công an vào cuộc.",
          "Công an xã đang xác minh các vụ trộm cắp; đề nghị Nhân dân nâng cao cảnh giác và báo ngay khi phát "
          "hiện đối tượng khả nghi.",
          "Điều tra, xác minh các vụ trộm cắp xe máy, tài sản tại {hamlet}; duy trì tổ tự quản an ninh trật tự "
          "của {village}.",
          "Đã làm rõ, xử lý các đối tượng trộm cắp; tổ tự quản an ninh trật tự {hamlet} tuần tra thường xuyên.",
          POLICE, "{head}"),
        S("Đề nghị lắp camera an ninh tại các ngã ba, ngã tư của {hamlet}.",
          "Công an xã sẽ phối hợp {village} vận động xã hội hóa lắp camera an ninh tại các điểm giao cắt và kết nối "
          "về Công an xã.",
          "Vận động xã hội hóa, lắp đặt camera an ninh tại các điểm giao cắt của {hamlet}.",
          "Đã lắp đặt {few} camera an ninh tại các điểm giao cắt của {hamlet}, kết nối về Công an xã.",
          POLICE, "{head}"),
        S("Trên địa bàn có hiện tượng cho vay lãi nặng, đòi nợ bằng cách đe dọa, đề nghị công an làm rõ.",
          "Công an xã đã nắm tình hình và đang xác minh; đề nghị Nhân dân không vay tiền lãi nặng, cung cấp thông "
          "tin cho công an.",
          "Xác minh, đấu tranh với các đối tượng cho vay lãi nặng trên địa bàn; tuyên truyền để Nhân dân không "
          "vay lãi nặng.",
          "Đã xác minh, lập hồ sơ chuyển cơ quan điều tra {few} đối tượng cho vay lãi nặng; đã tuyên truyền tại "
          "các {village}.", POLICE, "Ủy ban MTTQ Việt Nam xã", weight=2),
    ],
    "social_policy": [
        S("Đề nghị xem xét lại kết quả bình xét hộ nghèo, hộ cận nghèo ở {hamlet}; có hộ thật sự khó khăn nhưng "
          "chưa có tên trong danh sách.",
          "Việc rà soát hộ nghèo được bình xét công khai tại {village}; xã sẽ phúc tra các trường hợp có ý kiến và "
          "bổ sung nếu đủ điều kiện.",
          "Phúc tra kết quả bình xét hộ nghèo, hộ cận nghèo tại {hamlet}, công khai kết quả.",
          "Đã phúc tra, bổ sung {few} hộ cận nghèo vào danh sách; kết quả đã công khai tại nhà văn hóa {hamlet}.",
          SOCIAL_OFFICER, "{head}", weight=5),
        S("Trợ cấp xã hội hằng tháng của người cao tuổi ở {hamlet} có tháng chi trả chậm, đề nghị xã chi trả đúng "
          "hạn.",
          "Kinh phí đã được cấp đủ; từ tháng này trợ cấp xã hội được chi trả qua bưu điện vào ngày 10 hằng tháng.",
          "Đôn đốc chi trả trợ cấp xã hội hằng tháng cho người cao tuổi đúng hạn.",
          "Trợ cấp xã hội hằng tháng đã được chi trả đủ, đúng hạn qua bưu điện.", SOCIAL, "Bưu điện xã"),
        S("Gia đình tôi ở {hamlet} là gia đình người có công, nhà ở đã xuống cấp, đề nghị xã xem xét hỗ trợ sửa "
          "chữa.",
          "Xã đã lập danh sách hỗ trợ sửa chữa nhà ở cho người có công; gia đình có trong danh sách và sẽ được "
          "hỗ trợ trong năm nay.",
          "Lập hồ sơ hỗ trợ sửa chữa nhà ở cho gia đình người có công tại {hamlet}.",
          "Đã lập hồ sơ; gia đình người có công đã nhận kinh phí hỗ trợ sửa chữa nhà ở.",
          SOCIAL_OFFICER, "Hội Cựu chiến binh xã"),
        S("Đề nghị Nhà nước nâng mức trợ cấp xã hội hằng tháng cho người cao tuổi, mức hiện nay còn thấp.",
          route="upper", weight=2),
    ],
    "health": [
        S("Thuốc bảo hiểm y tế ở Trạm Y tế xã còn thiếu, người bệnh phải mua thuốc bên ngoài, đề nghị bổ sung.",
          "Trạm Y tế đã đề nghị đơn vị cung ứng bổ sung thuốc trong danh mục bảo hiểm y tế; từ tháng sau đủ thuốc "
          "điều trị các bệnh thông thường.",
          "Rà soát, đề nghị bổ sung thuốc trong danh mục bảo hiểm y tế tại Trạm Y tế xã.",
          "Đã bổ sung {n} loại thuốc trong danh mục bảo hiểm y tế; người bệnh được cấp đủ thuốc.",
          HEALTH, "", weight=5),
        S("Đề nghị tổ chức khám sức khỏe định kỳ cho người cao tuổi ở {hamlet}.",
          "Trạm Y tế sẽ phối hợp Hội Người cao tuổi khám sức khỏe cho người cao tuổi tại nhà văn hóa các {village} "
          "trong quý này.",
          "Tổ chức khám sức khỏe định kỳ cho người cao tuổi {hamlet}.",
          "Đã khám sức khỏe cho {n} người cao tuổi {hamlet}, lập sổ theo dõi sức khỏe.",
          HEALTH, "Hội Người cao tuổi xã"),
        S("Ở {hamlet} đã có ca mắc sốt xuất huyết, đề nghị phun thuốc diệt muỗi.",
          "Trạm Y tế sẽ phun hóa chất diệt muỗi tại khu vực có ca bệnh trong tuần này; đề nghị các hộ phát quang "
          "bụi rậm, diệt lăng quăng.",
          "Phun hóa chất diệt muỗi, tổ chức diệt lăng quăng phòng chống sốt xuất huyết tại {hamlet}.",
          "Đã phun hóa chất diệt muỗi và ra quân diệt lăng quăng tại {hamlet}; không phát sinh ca sốt xuất huyết "
          "mới.", HEALTH, "{head}"),
        S("Trạm Y tế xã chưa có bác sĩ thường trực, đề nghị cấp trên bố trí thêm bác sĩ.", route="upper", weight=2),
    ],
    "education": [
        S("Điểm trường mầm non {hamlet} thiếu phòng học, các cháu phải học ghép, đề nghị xã quan tâm.",
          "Xã đề xuất xây thêm hai phòng học tại điểm trường mầm non {hamlet} trong kế hoạch năm {next_year}; "
          "trước mắt nhà trường bố trí lại lớp học.",
          "Bố trí lại lớp học tại điểm trường mầm non {hamlet}; lập đề xuất đầu tư xây thêm phòng học.",
          "Nhà trường đã bố trí lại lớp học; việc xây thêm hai phòng học đã có trong kế hoạch đầu tư công.",
          "{school_mn}", ECONOMY),
        S("Giờ tan trường học sinh đi qua {road} rất đông xe, không an toàn, đề nghị có người hướng dẫn.",
          "Nhà trường sẽ phối hợp Công an xã bố trí người hướng dẫn học sinh qua đường vào giờ tan trường.",
          "Bố trí người hướng dẫn học sinh qua {road} giờ tan trường; tuyên truyền an toàn giao thông cho học "
          "sinh.",
          "Nhà trường đã phối hợp Công an xã, Đoàn Thanh niên hướng dẫn học sinh qua đường giờ tan trường.",
          "{school_th}", POLICE),
        S("Đề nghị nhà trường công khai các khoản thu đầu năm học, tránh lạm thu.",
          "Các khoản thu đầu năm học thực hiện theo quy định của tỉnh và phải được công khai; xã sẽ kiểm tra việc "
          "thu, chi tại các trường.",
          "Công khai các khoản thu đầu năm học; trả lại phụ huynh các khoản thu không đúng quy định.",
          "Nhà trường đã công khai các khoản thu; các khoản thu không đúng quy định đã được trả lại phụ huynh.",
          "{school_thcs}", SOCIAL),
    ],
    "economy": [
        S("Kênh mương nội đồng {hamlet} bị bồi lấp, không đủ nước tưới cho vụ đông xuân, đề nghị xã tổ chức nạo "
          "vét.",
          "Xã sẽ tổ chức nạo vét kênh mương nội đồng trước vụ đông xuân và huy động Nhân dân ra quân làm thủy lợi.",
          "Tổ chức nạo vét, khơi thông kênh mương nội đồng {hamlet}, bảo đảm nước tưới vụ đông xuân.",
          "Đã nạo vét {length} m kênh mương nội đồng {hamlet}; nước tưới đã về đủ cho vụ đông xuân.",
          ECONOMY, "Hội Nông dân xã", weight=5, rural=True),
        S("Đề nghị tạo điều kiện cho các hộ {hamlet} được vay vốn ưu đãi của Ngân hàng Chính sách xã hội để phát "
          "triển chăn nuôi.",
          "Các hộ đủ điều kiện đăng ký vay vốn qua Tổ tiết kiệm và vay vốn của {village}; Ngân hàng Chính sách xã hội "
          "giải ngân tại điểm giao dịch xã hằng tháng.",
          "Lập danh sách hộ có nhu cầu vay vốn ưu đãi tại {hamlet}, chuyển Ngân hàng Chính sách xã hội xét duyệt, "
          "giải ngân.",
          "Đã giải ngân vốn vay ưu đãi cho {few} hộ {hamlet} qua Tổ tiết kiệm và vay vốn của {village}.",
          "Tổ tiết kiệm và vay vốn {hamlet}", "Phòng giao dịch Ngân hàng Chính sách xã hội", weight=4),
        S("Giá giống, phân bón tăng cao, đề nghị xã hỗ trợ giống lúa chất lượng cao cho bà con {hamlet}.",
          "Xã đã đăng ký hỗ trợ giống lúa chất lượng cao theo chương trình của tỉnh; các hộ đăng ký với trưởng "
          "{village} để được nhận giống.",
          "Tổng hợp nhu cầu, cấp giống lúa chất lượng cao hỗ trợ cho các hộ {hamlet}.",
          "Đã cấp {n}0 kg giống lúa chất lượng cao hỗ trợ cho các hộ {hamlet}.", ECONOMY, "Hội Nông dân xã",
          rural=True),
        S("Dịch tả lợn châu Phi xuất hiện ở {hamlet}, đề nghị xã hỗ trợ tiêu hủy lợn bệnh và tiêm phòng.",
          "Xã đã khoanh vùng dịch tả lợn châu Phi, hỗ trợ tiêu hủy lợn bệnh theo quy định và tiêm vắc xin cho "
          "đàn lợn khu vực lân cận.",
          "Khoanh vùng, tiêu hủy lợn bệnh, tiêm phòng dịch tả lợn châu Phi tại {hamlet}; lập hồ sơ hỗ trợ các hộ "
          "có lợn bị tiêu hủy.",
          "Đã tiêu hủy lợn bệnh, tiêm phòng dịch tả lợn châu Phi cho đàn lợn {hamlet}; các hộ đã nhận tiền hỗ trợ.",
          ECONOMY, "{head}", weight=2, rural=True),
        S("Trạm bơm tưới của {hamlet} đã xuống cấp, không đủ công suất, đề nghị tỉnh đầu tư nâng cấp.",
          route="upper", weight=2, rural=True),
        S("Đề nghị xã yêu cầu thương lái thu mua lúa của bà con {hamlet} với giá cao hơn.", route="civil",
          weight=1, rural=True),
    ],
    "admin_procedures": [
        S("Chứng thực giấy tờ tại Trung tâm Phục vụ hành chính công xã buổi sáng phải chờ lâu, đề nghị bố trí "
          "thêm người tiếp nhận.",
          "Trung tâm sẽ bố trí thêm một công chức tiếp nhận hồ sơ chứng thực vào buổi sáng và cấp số thứ tự để "
          "người dân không phải chờ lâu.",
          "Bố trí thêm công chức tiếp nhận hồ sơ chứng thực vào buổi sáng, áp dụng cấp số thứ tự.",
          "Đã bố trí thêm công chức tiếp nhận hồ sơ chứng thực vào buổi sáng và lắp máy cấp số thứ tự.",
          SERVICE_CENTRE, ""),
        S("Người cao tuổi ở {hamlet} không biết nộp hồ sơ trực tuyến trên Cổng dịch vụ công, đề nghị có người "
          "hướng dẫn.",
          "Tổ công nghệ số cộng đồng của {village} sẽ hướng dẫn người dân nộp hồ sơ trực tuyến; tại Trung tâm có "
          "công chức hỗ trợ trực tiếp.",
          "Tổ chức tổ công nghệ số cộng đồng hướng dẫn người dân {hamlet} nộp hồ sơ trực tuyến.",
          "Tổ công nghệ số cộng đồng đã hướng dẫn {n} người dân {hamlet} nộp hồ sơ trực tuyến.",
          SERVICE_CENTRE, "Đoàn Thanh niên xã"),
        S("Hồ sơ đăng ký khai sinh cho cháu bị trả lại nhiều lần, đề nghị hướng dẫn một lần cho đầy đủ.",
          "Xã tiếp thu; từ nay hồ sơ khai sinh chưa đủ được hướng dẫn bằng phiếu hướng dẫn một lần, ghi rõ giấy "
          "tờ cần bổ sung.",
          "Hướng dẫn bằng phiếu một lần khi tiếp nhận hồ sơ hộ tịch; giải quyết dứt điểm hồ sơ khai sinh bị trả "
          "lại.",
          "Đã áp dụng phiếu hướng dẫn một lần; hồ sơ khai sinh của công dân đã được giải quyết.",
          "Công chức Tư pháp - Hộ tịch", SERVICE_CENTRE),
    ],
    "party_government": [
        S("Một số cán bộ khi tiếp dân còn thiếu niềm nở, tác phong chưa đúng mực, đề nghị chấn chỉnh.",
          "Chủ tịch UBND xã tiếp thu, sẽ nhắc nhở cán bộ, công chức thực hiện đúng quy tắc ứng xử, giữ tác phong "
          "đúng mực khi tiếp dân.",
          "Chấn chỉnh tác phong, thái độ phục vụ của cán bộ, công chức khi tiếp dân; đặt hòm thư góp ý tại Trung "
          "tâm Phục vụ hành chính công.",
          "Đã nhắc nhở cán bộ, công chức về tác phong; đặt hòm thư góp ý và công khai đường dây nóng.",
          OFFICE, ""),
        S("Đề nghị công khai các khoản thu, chi từ đóng góp của Nhân dân xây dựng nông thôn mới.",
          "Các khoản thu, chi từ đóng góp của Nhân dân được công khai tại nhà văn hóa các {village} hằng quý, có Ban "
          "Thanh tra nhân dân giám sát.",
          "Công khai các khoản thu, chi từ đóng góp của Nhân dân tại nhà văn hóa các {village} hằng quý.",
          "Đã công khai các khoản thu, chi từ đóng góp của Nhân dân tại nhà văn hóa các {village}.",
          OFFICE, "Ban Thanh tra nhân dân xã"),
        S("Đề nghị Đảng ủy quan tâm phát triển đảng viên trong thanh niên ở {hamlet}, đã lâu chi bộ chưa kết nạp "
          "đảng viên mới.",
          "Đảng ủy giao chi bộ {hamlet} phối hợp Đoàn Thanh niên giới thiệu đoàn viên ưu tú để bồi dưỡng, kết "
          "nạp đảng viên.",
          "Chỉ đạo chi bộ {hamlet} tạo nguồn, bồi dưỡng đoàn viên ưu tú để xem xét kết nạp đảng viên.",
          "Chi bộ {hamlet} đã cử {few} đoàn viên ưu tú học lớp bồi dưỡng nhận thức về Đảng để kết nạp đảng viên.",
          "Văn phòng Đảng ủy xã", "Đoàn Thanh niên xã", weight=2),
    ],
    "other": [
        S("Loa truyền thanh ở {hamlet} hỏng nhiều, Nhân dân không nghe được thông báo của xã, đề nghị sửa chữa.",
          "Xã sẽ thay các cụm loa truyền thanh hỏng và chuyển dần sang hệ thống truyền thanh ứng dụng công nghệ "
          "số.",
          "Kiểm tra, thay thế các cụm loa truyền thanh hỏng tại {hamlet}.",
          "Đã thay {few} cụm loa truyền thanh tại {hamlet}; Nhân dân nghe rõ các thông báo.", SOCIAL, ""),
        S("Đề nghị xã tổ chức các hoạt động văn hóa, thể thao cho thanh thiếu niên dịp hè.",
          "Xã giao Đoàn Thanh niên tổ chức các hoạt động văn hóa, thể thao hè; sân thể thao ở nhà văn hóa các "
          "{village} mở cửa cho thanh thiếu niên.",
          "Tổ chức các hoạt động văn hóa, thể thao hè cho thanh thiếu niên; mở cửa sân thể thao tại nhà văn hóa "
          "các {village}.",
          "Đã tổ chức giải bóng đá thiếu niên và lớp dạy bơi, các hoạt động văn hóa, thể thao hè cho {n}0 em.",
          "Đoàn Thanh niên xã", SOCIAL),
        S("Hàng xóm vay tiền của gia đình tôi đã ba năm chưa trả, đề nghị xã buộc họ trả nợ.", route="civil",
          weight=1),
    ],
}

# How often each field is raised at a meeting of the whole commune, and at a citizen reception
# (where land and personal matters dominate).
FIELD_WEIGHTS = {"land": 16, "compensation": 7, "construction": 7, "transport": 13, "environment": 10,
                 "security": 8, "social_policy": 10, "health": 6, "education": 5, "economy": 10,
                 "admin_procedures": 4, "party_government": 2, "other": 2}
RECEPTION_WEIGHTS = {**FIELD_WEIGHTS, "land": 30, "compensation": 10, "social_policy": 14, "education": 2,
                     "transport": 6, "other": 1}
PARTY_WEIGHTS = {**FIELD_WEIGHTS, "party_government": 8}

# Thematic topics: the title's words and the field most of the meeting's opinions are about.
TOPICS: list[tuple[str, str]] = [
    ("bồi thường, giải phóng mặt bằng {project}", "compensation"),
    ("cấp giấy chứng nhận quyền sử dụng đất lần đầu", "land"),
    ("thu gom, xử lý rác thải sinh hoạt và vệ sinh môi trường", "environment"),
    ("phát triển sản xuất nông nghiệp, thủy lợi nội đồng", "economy"),
    ("đầu tư, duy tu đường giao thông trên địa bàn", "transport"),
    ("bảo đảm an ninh, trật tự ở khu dân cư", "security"),
]
