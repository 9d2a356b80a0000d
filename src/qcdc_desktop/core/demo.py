"""Realistic demo meetings for a commune, deterministic for a seed and a reference date.

The content follows what the source articles report communes hear: land certificates, site
clearance, rural roads, waste, security, social policy, health insurance, schools, crops.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .model import Meeting, Opinion, Person, Publication, Task

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
          "Đinh", "Lương", "Triệu", "Hà", "Lò", "Vàng", "Giàng"]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Công", "Thành"]
MIDDLE_F = ["Thị", "Thu", "Ngọc", "Thanh", "Kim", "Hồng"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phúc", "Quân", "Sơn",
           "Thắng", "Tuấn", "Việt", "Đạt", "Hiếu", "Lâm", "Toàn", "Trung"]
GIVEN_F = ["Bình", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Liên", "Mai", "Nga", "Nhung",
           "Oanh", "Phương", "Thảo", "Thủy", "Trang", "Yến", "Xuân", "Loan"]
HAMLET_NAMES = ["Thôn Đông", "Thôn Tây", "Thôn Trung", "Thôn Nam", "Thôn Bắc Sơn", "Thôn Tân Lập", "Thôn Đồng Tâm",
                "Thôn Phú Lợi", "Thôn Hòa Bình", "Thôn An Thịnh", "Tổ dân phố 1", "Tổ dân phố 2", "Tổ dân phố 3",
                "Bản Pắc Ngòi", "Bản Nà Sang", "Thôn Khe Mạ"]
ROADS = ["đường liên thôn", "đường trục xã", "đường ra đồng", "đường vào khu dân cư mới", "tuyến đường ven sông"]
ASSIGNEES = ["Phòng Kinh tế", "Phòng Văn hóa - Xã hội", "Văn phòng HĐND và UBND xã", "Công an xã",
             "Trung tâm Phục vụ hành chính công xã", "Công chức Địa chính - Xây dựng", "Trạm Y tế xã",
             "Ban Chỉ huy Quân sự xã", "Trưởng thôn", "Hội Nông dân xã"]
COORDINATING = ["Ủy ban MTTQ Việt Nam xã", "Hội Liên hiệp Phụ nữ xã", "Đoàn Thanh niên xã", "Hội Cựu chiến binh xã", ""]

# field -> (opinion templates, answer templates, task templates)
CONTENT: dict[str, tuple[list[str], list[str], list[str]]] = {
    "land": (
        ["Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho {n} hộ dân ở {hamlet}, hồ sơ đã nộp từ năm {year}.",
         "Gia đình tôi có tranh chấp ranh giới đất với hộ liền kề, đề nghị UBND xã tổ chức hòa giải và đo đạc lại.",
         "Đề nghị xã công khai quy hoạch sử dụng đất tại {hamlet} để người dân yên tâm sản xuất.",
         "Việc chuyển mục đích sử dụng đất vườn sang đất ở còn chậm, đề nghị hướng dẫn thủ tục cụ thể."],
        ["UBND xã đã tiếp nhận hồ sơ và sẽ phối hợp với Văn phòng đăng ký đất đai hoàn thiện trong quý tới.",
         "Công chức Địa chính sẽ xuống kiểm tra thực địa, tổ chức hòa giải tại thôn trong tháng này.",
         "Quy hoạch sử dụng đất đã được niêm yết tại trụ sở UBND xã và nhà văn hóa các thôn."],
        ["Rà soát, hoàn thiện hồ sơ cấp giấy chứng nhận quyền sử dụng đất cho các hộ dân {hamlet}.",
         "Kiểm tra thực địa, hòa giải tranh chấp đất đai theo kiến nghị của công dân.",
         "Hướng dẫn thủ tục chuyển mục đích sử dụng đất, công khai tại Trung tâm Phục vụ hành chính công."],
    ),
    "compensation": (
        ["Đề nghị làm rõ đơn giá bồi thường khi thu hồi đất làm {road}, người dân thấy chưa thỏa đáng.",
         "Việc chi trả tiền bồi thường, giải phóng mặt bằng dự án cụm công nghiệp còn chậm, đề nghị sớm chi trả cho {n} hộ.",
         "Đề nghị bố trí tái định cư cho các hộ bị thu hồi hết đất ở tại {hamlet}."],
        ["Đơn giá bồi thường được áp dụng theo quyết định của UBND tỉnh; xã sẽ mời đại diện hộ dân đối thoại riêng.",
         "Hội đồng bồi thường đang hoàn thiện phương án, dự kiến chi trả trong tháng tới."],
        ["Phối hợp với Ban Quản lý dự án rà soát đơn giá, phương án bồi thường, trả lời bằng văn bản cho các hộ dân.",
         "Đôn đốc chi trả tiền bồi thường, giải phóng mặt bằng cho các hộ đủ điều kiện."],
    ),
    "construction": (
        ["Một số hộ xây dựng lấn chiếm hành lang {road}, đề nghị xã kiểm tra, xử lý.",
         "Đề nghị hướng dẫn thủ tục cấp phép xây dựng nhà ở riêng lẻ tại khu dân cư mới.",
         "Nhà văn hóa {hamlet} xuống cấp, dột nát, đề nghị xã hỗ trợ kinh phí sửa chữa."],
        ["Xã sẽ kiểm tra, lập biên bản và yêu cầu tháo dỡ phần lấn chiếm.",
         "Việc sửa chữa nhà văn hóa được đưa vào kế hoạch đầu tư công năm sau."],
        ["Kiểm tra, xử lý các trường hợp lấn chiếm hành lang an toàn giao thông.",
         "Lập dự toán sửa chữa nhà văn hóa {hamlet}, trình UBND xã phê duyệt."],
    ),
    "transport": (
        ["Tuyến {road} qua {hamlet} xuống cấp nghiêm trọng, mùa mưa lầy lội, đề nghị sớm sửa chữa.",
         "Đề nghị lắp đặt biển báo, gờ giảm tốc tại ngã ba gần trường tiểu học.",
         "Đề nghị xã có kế hoạch bê tông hóa {road}, Nhân dân sẵn sàng hiến đất, góp công."],
        ["Tuyến đường đã có trong danh mục đầu tư theo chương trình nông thôn mới, dự kiến khởi công năm tới.",
         "Xã sẽ đề nghị đơn vị quản lý đường bộ lắp đặt biển báo trong tháng này."],
        ["Khảo sát, lập phương án sửa chữa {road} qua {hamlet}.",
         "Phối hợp lắp đặt biển báo, gờ giảm tốc khu vực trường học."],
    ),
    "environment": (
        ["Rác thải sinh hoạt ở {hamlet} không được thu gom thường xuyên, gây ô nhiễm, đề nghị tăng số lần thu gom.",
         "Cơ sở chăn nuôi lợn gần khu dân cư xả thải ra mương, gây mùi hôi, đề nghị kiểm tra xử lý.",
         "Đề nghị nạo vét kênh mương nội đồng bị bồi lấp trước mùa mưa."],
        ["Xã sẽ làm việc với đơn vị thu gom để tăng lên 3 lần mỗi tuần.",
         "Đoàn kiểm tra của xã sẽ kiểm tra cơ sở chăn nuôi và xử lý theo quy định."],
        ["Làm việc với đơn vị thu gom rác thải, bố trí lịch thu gom phù hợp cho {hamlet}.",
         "Kiểm tra việc xả thải của cơ sở chăn nuôi, xử lý vi phạm về bảo vệ môi trường.",
         "Tổ chức nạo vét kênh mương nội đồng trước mùa mưa bão."],
    ),
    "security": (
        ["Tình trạng thanh thiếu niên tụ tập, đua xe vào ban đêm ở {road} gây mất trật tự, đề nghị tăng cường tuần tra.",
         "Đề nghị lắp camera an ninh tại các điểm giao cắt của {hamlet}.",
         "Có hiện tượng cho vay lãi nặng trên địa bàn, đề nghị công an xã vào cuộc."],
        ["Công an xã sẽ tăng cường tuần tra, kiểm soát vào buổi tối.",
         "Mô hình camera an ninh sẽ được nhân rộng với sự đóng góp của Nhân dân."],
        ["Tăng cường tuần tra, xử lý tình trạng tụ tập, đua xe trái phép.",
         "Xây dựng mô hình camera an ninh tại {hamlet}."],
    ),
    "social_policy": (
        ["Đề nghị xem xét lại việc bình xét hộ nghèo, hộ cận nghèo ở {hamlet} cho công bằng.",
         "Gia đình tôi là gia đình chính sách, đề nghị xã hỗ trợ sửa chữa nhà ở.",
         "Chế độ trợ cấp cho người cao tuổi trên 75 tuổi chưa được chi trả đúng hạn."],
        ["Việc rà soát hộ nghèo được thực hiện công khai tại thôn; xã sẽ kiểm tra lại các trường hợp có ý kiến.",
         "Xã đã có danh sách hỗ trợ sửa chữa nhà cho gia đình chính sách, sẽ thực hiện trong năm nay."],
        ["Rà soát lại kết quả bình xét hộ nghèo, hộ cận nghèo, công khai kết quả.",
         "Đôn đốc chi trả trợ cấp xã hội đúng hạn cho người cao tuổi."],
    ),
    "health": (
        ["Đề nghị Trạm Y tế xã bố trí thêm thuốc bảo hiểm y tế, người dân phải mua ngoài nhiều.",
         "Đề nghị tổ chức khám sức khỏe định kỳ cho người cao tuổi tại {hamlet}.",
         "Tình trạng sốt xuất huyết gia tăng, đề nghị phun thuốc diệt muỗi."],
        ["Trạm Y tế xã sẽ làm việc với cơ sở cung ứng để bổ sung danh mục thuốc.",
         "Xã sẽ tổ chức phun hóa chất diệt muỗi tại các điểm có ca bệnh trong tuần này."],
        ["Bổ sung thuốc trong danh mục bảo hiểm y tế tại Trạm Y tế xã.",
         "Tổ chức phun hóa chất phòng chống sốt xuất huyết tại {hamlet}."],
    ),
    "education": (
        ["Điểm trường mầm non {hamlet} thiếu phòng học, các cháu phải học ghép, đề nghị xã quan tâm.",
         "Đề nghị có biện pháp đảm bảo an toàn cho học sinh đi học qua {road}."],
        ["Xã đã đề xuất xây thêm phòng học trong kế hoạch năm sau."],
        ["Rà soát nhu cầu phòng học điểm trường mầm non {hamlet}, đề xuất đầu tư.",
         "Phối hợp nhà trường và công an xã bảo đảm an toàn giao thông cho học sinh."],
    ),
    "economy": (
        ["Giá vật tư nông nghiệp tăng cao, đề nghị xã hỗ trợ giống và phân bón cho bà con {hamlet}.",
         "Đề nghị hỗ trợ vay vốn ưu đãi để phát triển chăn nuôi, trồng cây ăn quả.",
         "Hệ thống thủy lợi không đủ nước tưới cho vụ đông xuân, đề nghị xã có giải pháp."],
        ["Xã sẽ phối hợp Ngân hàng Chính sách xã hội giải ngân vốn vay cho các hộ đủ điều kiện.",
         "Hội Nông dân xã sẽ hướng dẫn bà con chuyển đổi cơ cấu cây trồng phù hợp."],
        ["Phối hợp Ngân hàng Chính sách xã hội giải ngân vốn vay ưu đãi.",
         "Điều tiết nước tưới, nạo vét kênh mương phục vụ sản xuất vụ đông xuân."],
    ),
    "admin_procedures": (
        ["Thủ tục chứng thực tại Trung tâm Phục vụ hành chính công còn phải chờ lâu, đề nghị cải tiến.",
         "Đề nghị hướng dẫn người cao tuổi nộp hồ sơ trực tuyến trên Cổng dịch vụ công.",
         "Việc cấp lại giấy khai sinh bị trả hồ sơ nhiều lần, đề nghị hướng dẫn một lần đầy đủ."],
        ["Trung tâm sẽ bố trí thêm cán bộ tiếp nhận vào buổi sáng thứ Hai.",
         "Đoàn Thanh niên xã sẽ tổ chức tổ hỗ trợ dịch vụ công trực tuyến tại các thôn."],
        ["Rà soát quy trình tiếp nhận hồ sơ, công khai thời gian giải quyết thủ tục hành chính.",
         "Thành lập tổ công nghệ số cộng đồng hỗ trợ người dân nộp hồ sơ trực tuyến."],
    ),
    "party_government": (
        ["Đề nghị cán bộ xã giữ thái độ đúng mực khi tiếp công dân.",
         "Đề nghị công khai các khoản thu, chi từ đóng góp của Nhân dân xây dựng nông thôn mới."],
        ["Chủ tịch UBND xã tiếp thu, sẽ chấn chỉnh tác phong của cán bộ, công chức.",
         "Các khoản đóng góp được công khai tại nhà văn hóa các thôn hằng quý."],
        ["Chấn chỉnh tác phong, thái độ phục vụ Nhân dân của cán bộ, công chức.",
         "Công khai các khoản thu, chi từ đóng góp của Nhân dân tại các thôn."],
    ),
    "other": (
        ["Đề nghị xã quan tâm đầu tư hệ thống loa truyền thanh ở {hamlet} vì nhiều loa bị hỏng.",
         "Đề nghị tổ chức các hoạt động văn hóa, thể thao cho thanh niên vào dịp hè."],
        ["Xã sẽ kiểm tra, sửa chữa hệ thống loa truyền thanh trong tháng."],
        ["Sửa chữa hệ thống truyền thanh cơ sở tại {hamlet}."],
    ),
}
FIELD_WEIGHTS = {"land": 18, "compensation": 8, "construction": 7, "transport": 12, "environment": 10,
                 "security": 7, "social_policy": 10, "health": 6, "education": 5, "economy": 8,
                 "admin_procedures": 5, "party_government": 2, "other": 2}
KIND_WEIGHTS = {"dialogue": 30, "contact": 20, "reception": 30, "thematic": 10, "on_request": 5, "ad_hoc": 5}
TITLES = {
    "dialogue": "Hội nghị đối thoại giữa Chủ tịch UBND xã với Nhân dân năm {year}",
    "contact": "Hội nghị tiếp xúc, đối thoại trực tiếp giữa Bí thư Đảng ủy xã với Nhân dân năm {year}",
    "reception": "Tiếp công dân định kỳ tháng {month}/{year}",
    "thematic": "Đối thoại chuyên đề về {topic}",
    "on_request": "Hội nghị đối thoại theo yêu cầu của cử tri {hamlet}",
    "ad_hoc": "Đối thoại đột xuất về {topic} tại {hamlet}",
}
TOPICS = ["bồi thường, giải phóng mặt bằng dự án nâng cấp đường trục xã", "cấp giấy chứng nhận quyền sử dụng đất",
          "thu gom, xử lý rác thải sinh hoạt", "chuyển đổi cơ cấu cây trồng", "xây dựng nông thôn mới nâng cao"]


_COMMUNE_WORD = re.compile(r"\b([xX])ã\b(?! hội)")  # the unit, not "xã hội" (society); "Xã" opens answers


class DemoMaker:
    """Makes meetings for one commune.  Same seed and reference date, same meetings."""

    def __init__(self, seed: int, until: dt.date, commune: str) -> None:
        self.rng = random.Random(seed)
        self.until = until
        self.commune = commune  # "Xã An Bình", "Phường 3", "Đặc khu Côn Đảo"
        lowered = commune.lower()
        self.word = next((w for w in ("phường", "đặc khu") if lowered.startswith(w)), "xã")
        short = commune.split(" ", 2)[-1] if lowered.startswith("đặc khu") else commune.split(" ", 1)[-1]
        self.chair = Person(self._name(male=True), "Chủ tịch UBND xã")
        self.secretary = Person(self._name(male=self.rng.random() < 0.6), "Bí thư Đảng ủy xã")
        self.mttq = f"Ủy ban MTTQ Việt Nam {self.word} {short}"
        self.hamlets = self.rng.sample(HAMLET_NAMES, 8)
        # Who keeps the minutes, drawn apart so that the rest of the demo stays as it was.
        own = random.Random(f"{seed}-minutes")
        self.minutes_secretary = f"{own.choice(FAMILY)} {own.choice(MIDDLE_F)} {own.choice(GIVEN_F)}"

    def officials(self) -> list[Person]:
        """The commune leaders who chair meetings and sign notices."""
        people = [self.chair, self.secretary, Person(self._name(male=False), "Phó Chủ tịch UBND xã"),
                  Person(self._name(male=True), "Phó Bí thư Thường trực Đảng ủy xã"),
                  Person(self._name(male=False), "Chánh Văn phòng HĐND và UBND xã")]
        for person in people:
            self._localise(person)
        return people

    def _name(self, *, male: bool) -> str:
        r = self.rng
        if male:
            return f"{r.choice(FAMILY)} {r.choice(MIDDLE_M)} {r.choice(GIVEN_M)}"
        return f"{r.choice(FAMILY)} {r.choice(MIDDLE_F)} {r.choice(GIVEN_F)}"

    def _fill(self, template: str) -> str:
        r = self.rng
        return template.format(n=r.randint(3, 40), hamlet=r.choice(self.hamlets), road=r.choice(ROADS),
                               year=r.randint(2015, self.until.year - 1))

    def _opinion(self, held_on: dt.date) -> Opinion:
        r = self.rng
        field = r.choices(list(FIELD_WEIGHTS), weights=list(FIELD_WEIGHTS.values()))[0]
        texts, answers, _tasks = CONTENT[field]
        answered = r.random() < 0.62
        outcome = "answered" if answered else r.choices(
            ["commune_task", "forwarded", "not_state_business"], weights=[70, 25, 5])[0]
        return Opinion(
            speaker=self._name(male=r.random() < 0.55),
            address=r.choice(self.hamlets),
            phone=f"09{r.randint(10_000_000, 99_999_999)}" if r.random() < 0.3 else "",
            on_behalf_of=f"{r.randint(5, 60)} hộ dân {r.choice(self.hamlets)}" if r.random() < 0.15 else "",
            field=field, content=self._fill(r.choice(texts)), answered=answered,
            answer=self._fill(r.choice(answers)) if answered else "", outcome=outcome,
        )

    def _task(self, field: str, held_on: dt.date, numbers: list[int]) -> Task:
        r = self.rng
        deadline = held_on + dt.timedelta(days=r.choice([15, 30, 30, 45, 60, 90]))
        task = Task(content=self._fill(r.choice(CONTENT[field][2])), assignee=r.choice(ASSIGNEES),
                    coordinating=r.choice(COORDINATING), deadline=deadline, opinions=numbers)
        if deadline < self.until and r.random() < 0.8:
            finished = held_on + dt.timedelta(days=r.randint(5, (deadline - held_on).days + 25))
            if finished <= self.until:
                task.state, task.completed_on = "done", finished
                task.result = "Đã thực hiện xong, trả lời công dân bằng văn bản."
                task.reply_doc = f"{r.randint(1, 300)}/UBND-VP"
        return task

    def _localise(self, record: DataclassInstance) -> None:
        """Say "phường" or "đặc khu" instead of "xã" where the unit is not a commune."""
        if self.word == "xã":
            return
        for f in dataclasses.fields(record):
            value = getattr(record, f.name)
            if isinstance(value, str):
                setattr(record, f.name, _COMMUNE_WORD.sub(self._unit_word, value))
            elif isinstance(value, list):
                for item in value:
                    if dataclasses.is_dataclass(item) and not isinstance(item, type):
                        self._localise(item)

    def _unit_word(self, found: re.Match[str]) -> str:
        return self.word if found[1] == "x" else self.word[0].upper() + self.word[1:]

    def meeting(self, held_on: dt.date, opinions: int) -> Meeting:
        m = self._meeting(held_on, opinions)
        self._localise(m)
        return m

    def _meeting(self, held_on: dt.date, opinions: int) -> Meeting:
        r = self.rng
        kind = r.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
        party = kind == "contact"
        chair = self.secretary if party else self.chair
        title = TITLES[kind].format(year=held_on.year, month=held_on.month, topic=r.choice(TOPICS),
                                    hamlet=r.choice(self.hamlets))
        scope = [] if kind in ("dialogue", "contact", "reception") else r.sample(self.hamlets, r.randint(1, 3))
        m = Meeting(
            kind=kind, track="party" if party else "state", held_on=held_on, title=title,
            place="Hội trường UBND xã" if not scope else f"Nhà văn hóa {scope[0]}",
            chair=chair.name, chair_title=chair.title, starts_at=r.choice(["07:30", "08:00", "14:00"]),
            scope=scope, coordinating=self.mttq, participants=0 if kind == "reception" else r.randint(40, 250),
            announced_on=held_on - dt.timedelta(days=r.choice([5, 7, 10, 14])),
        )
        m.ends_at = f"{int(m.starts_at[:2]) + 3:02d}:{m.starts_at[3:]}"
        m.secretary = self.minutes_secretary
        if held_on > self.until:
            m.status = "planned"
            return m
        m.opinions = [self._opinion(held_on) for _ in range(opinions)]
        tasks = [(i + 1, o) for i, o in enumerate(m.opinions) if o.outcome == "commune_task"]
        groups: dict[str, list[int]] = {}
        for number, o in tasks:
            groups.setdefault(o.field, []).append(number)
        m.conclusions = [self._task(field, held_on, numbers) for field, numbers in groups.items()]
        m.minutes = (f"Hội nghị có {m.participants} đại biểu và Nhân dân tham dự. "
                     f"Có {len(m.opinions)} ý kiến phát biểu, kiến nghị.")
        age = (self.until - held_on).days
        if age < 3 and r.random() < 0.5:
            m.status = "held"
            m.conclusions = []
            return m
        m.conclusion = (f"{chair.title} {chair.name} ghi nhận, tiếp thu các ý kiến của Nhân dân; "
                        "giao các cơ quan, đơn vị liên quan giải quyết theo thẩm quyền, báo cáo kết quả.")
        m.status = "concluded"
        if age > 10 and r.random() < 0.85:
            m.status = "published"
            m.publications = [Publication(method=r.choice(["posted_hq", "loudspeaker", "sent_to_hamlets"]),
                                          published_on=held_on + dt.timedelta(days=r.randint(2, 9)),
                                          ends_on=held_on + dt.timedelta(days=40))]
        return m

    def meetings(self, count: int, *, opinions_per_meeting: tuple[int, int] = (6, 34)) -> Iterator[Meeting]:
        """``count`` meetings spread evenly over the time before the reference date, plus a few
        planned ones ahead of it; about 20 opinions each."""
        r = self.rng
        span = min(3650, max(365, count * 30))  # at most ten years back
        planned = max(1, count // 25) if count > 2 else 0
        held = count - planned
        for i in range(count):
            if i >= held:
                held_on = self.until + dt.timedelta(days=r.randint(3, 40))
            else:  # spread up to the reference date, so recent months have meetings too
                held_on = self.until - dt.timedelta(days=int(span * (held - 1 - i) / held) + r.randint(0, 3))
            yield self.meeting(held_on, r.randint(*opinions_per_meeting))
