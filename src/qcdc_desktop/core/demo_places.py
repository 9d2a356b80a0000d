"""The people and places of one demo commune: its citizens' names, its hamlets (all of one kind and
region: thôn of the delta, bản of the northern mountains, ấp of the south, tổ dân phố of a ward),
its roads, its schools and the project its land is cleared for."""

from __future__ import annotations

import random
from dataclasses import dataclass

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
          "Đinh", "Lương", "Triệu", "Hà", "Lò", "Vàng", "Giàng"]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Công", "Thành"]
MIDDLE_F = ["Thị", "Thu", "Ngọc", "Thanh", "Kim", "Hồng"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phúc", "Quân", "Sơn",
           "Thắng", "Tuấn", "Việt", "Đạt", "Hiếu", "Lâm", "Toàn", "Trung"]
GIVEN_F = ["Bình", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Liên", "Mai", "Nga", "Nhung",
           "Oanh", "Phương", "Thảo", "Thủy", "Trang", "Yến", "Xuân", "Loan"]

# Hamlet names by region; a commune takes its hamlets from one list only.
DELTA = ["Thôn Đông", "Thôn Đoài", "Thôn Nam", "Thôn Bắc", "Thôn Trung", "Thôn Thượng", "Thôn Hạ", "Thôn Đình",
         "Thôn Cầu", "Thôn Tân Lập", "Thôn Đồng Tâm", "Thôn Phú Lợi", "Thôn An Thịnh", "Thôn Hòa Bình"]
MOUNTAIN = ["Bản Pắc Ngòi", "Bản Nà Sang", "Bản Khe Mạ", "Bản Nà Hang", "Bản Pác Bó", "Bản Nà Lay", "Bản Co Mạ",
            "Bản Hua Pàng", "Bản Phiêng Luông", "Bản Nặm Cắm", "Bản Lũng Vài", "Bản Bó Mạ"]
SOUTH = ["Ấp Tân Hòa", "Ấp Phú Thạnh", "Ấp Long Hưng", "Ấp Bình An", "Ấp Mỹ Lợi", "Ấp Thạnh Phú", "Ấp Tân Thới",
         "Ấp Hòa Khánh", "Ấp Phước Lộc", "Ấp An Hòa", "Ấp Vĩnh Thạnh", "Ấp Long Thuận"]
NUMBERED = [f"Thôn {i}" for i in range(1, 13)]  # the central coast and the highlands
WARD = [f"Tổ dân phố {i}" for i in range(1, 17)]
ZONE = [f"Khu dân cư số {i}" for i in range(1, 11)]

MOUNTAIN_PROVINCES = ("Lào Cai", "Lai Châu", "Điện Biên", "Sơn La", "Cao Bằng", "Lạng Sơn", "Tuyên Quang",
                      "Thái Nguyên")
SOUTH_PROVINCES = ("Hồ Chí Minh", "Đồng Nai", "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "An Giang", "Cần Thơ", "Cà Mau")
HIGHLAND_PROVINCES = ("Gia Lai", "Đắk Lắk", "Lâm Đồng", "Quảng Ngãi", "Khánh Hòa")


def person_name(rng: random.Random, *, male: bool) -> str:
    if male:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"


def hamlet_pool(word: str, province: str) -> list[str]:
    """The list a unit's hamlets come from: by its kind (xã, phường, đặc khu) and its province."""
    if word == "phường":
        return WARD
    if word == "đặc khu":
        return ZONE
    if any(p in province for p in MOUNTAIN_PROVINCES):
        return MOUNTAIN
    if any(p in province for p in SOUTH_PROVINCES):
        return SOUTH
    if any(p in province for p in HIGHLAND_PROVINCES):
        return NUMBERED
    return DELTA


@dataclass(frozen=True)
class Places:
    hamlets: list[str]
    roads: list[str]
    project: str
    project_hamlets: list[str]
    schools: dict[str, str]  # placeholder -> school name


def make_places(rng: random.Random, word: str, short: str, province: str) -> Places:
    pool = hamlet_pool(word, province)
    count = rng.randint(6, 9)
    if pool in (WARD, ZONE, NUMBERED):
        hamlets = pool[:count]  # numbered: the first ones, in order
    else:
        hamlets = sorted(rng.sample(pool, count), key=pool.index)
    a, b, c, d = rng.sample(hamlets, 4)
    if pool in (WARD, ZONE):
        roads = ["đường trục xã", f"đường nội bộ {a}", f"đường vào chợ {short}", f"ngõ chính {b}"]
    else:
        kind = a.split(" ", 1)[0].lower()  # "thôn", "bản", "ấp"
        roads = ["đường trục xã", f"đường liên {kind} {a.split(' ', 1)[1]} - {b.split(' ', 1)[1]}",
                 f"đường ra đồng {c}", f"đường vào khu dân cư mới {d}"]
    project = rng.choice([f"dự án nâng cấp, mở rộng Đường tỉnh {rng.randint(2, 4)}{rng.randint(10, 99)}",
                          f"dự án cụm công nghiệp {short}", f"dự án khu dân cư mới {d}"])
    schools = {"school_mn": f"Trường Mầm non {short}", "school_th": f"Trường Tiểu học {short}",
               "school_thcs": f"Trường THCS {short}"}
    return Places(hamlets, roads, project, sorted([c, d], key=hamlets.index), schools)
