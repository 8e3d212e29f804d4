"""One-time generator: the provinces of China and the prefecture-level places outside Tibet that
Tibet's news names, appended to content/gazetteer/places.yaml (curator data from then on).

Facts only: name, Chinese name, kind, the province it lies in, and the forms machine translation
writes ('X Province', 'X City'). Provincial level is complete (34 divisions); below it: provincial
capitals, aid-partner cities and districts, the Tibetan autonomous prefectures outside the TAR, and
cities Tibet's news names. Places already in the file are left alone.

Usage: .venv/bin/python scripts/china_divisions.py [content/gazetteer/places.yaml]
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

# id: (name, zh, kind, parent id or None, extra variants, ambiguous bare forms)
PROVINCES = {
    "shanxi": ("Shanxi", "山西省", "province"), "inner-mongolia": ("Inner Mongolia", "内蒙古自治区", "province"),
    "jiangxi": ("Jiangxi", "江西省", "province"), "henan": ("Henan", "河南省", "province"),
    "guangxi": ("Guangxi", "广西壮族自治区", "province"), "hainan-province": ("Hainan Province", "海南省", "province"),
    "sichuan": ("Sichuan", "四川省", "province"), "guizhou": ("Guizhou", "贵州省", "province"),
    "yunnan": ("Yunnan", "云南省", "province"), "gansu": ("Gansu", "甘肃省", "province"),
    "qinghai": ("Qinghai", "青海省", "province"), "ningxia": ("Ningxia", "宁夏回族自治区", "province"),
    "xinjiang": ("Xinjiang", "新疆维吾尔自治区", "province"), "hong-kong": ("Hong Kong", "香港特别行政区", "province"),
    "macau": ("Macau", "澳门特别行政区", "province"), "taiwan": ("Taiwan", "台湾省", "province"),
}
EXTRA = {
    "inner-mongolia": ["Inner Mongolia Autonomous Region", "Nei Mongol"],
    "guangxi": ["Guangxi Zhuang Autonomous Region"], "ningxia": ["Ningxia Hui Autonomous Region"],
    "xinjiang": ["Xinjiang Uygur Autonomous Region", "Xinjiang Uyghur Autonomous Region"],
    "hong-kong": ["Hong Kong SAR"], "macau": ["Macao", "Macau SAR"],
    # 'Hainan' alone is as often the Tibetan prefecture in Qinghai (海南藏族自治州)
    "hainan-province": [],
}
CITIES = {  # prefecture-level cities: id -> (name, zh, province id)
    "shijiazhuang": ("Shijiazhuang", "石家庄市", "hebei"), "taiyuan": ("Taiyuan", "太原市", "shanxi"),
    "hohhot": ("Hohhot", "呼和浩特市", "inner-mongolia"), "changchun": ("Changchun", "长春市", "jilin"),
    "harbin": ("Harbin", "哈尔滨市", "heilongjiang"), "hefei": ("Hefei", "合肥市", "anhui"),
    "huaibei": ("Huaibei", "淮北市", "anhui"), "fuzhou": ("Fuzhou", "福州市", "fujian"),
    "xiamen": ("Xiamen", "厦门市", "fujian"), "nanchang": ("Nanchang", "南昌市", "jiangxi"),
    "jinan": ("Jinan", "济南市", "shandong"), "qingdao": ("Qingdao", "青岛市", "shandong"),
    "zhengzhou": ("Zhengzhou", "郑州市", "henan"), "wuhan": ("Wuhan", "武汉市", "hubei"),
    "guangzhou": ("Guangzhou", "广州市", "guangdong"), "nanning": ("Nanning", "南宁市", "guangxi"),
    "haikou": ("Haikou", "海口市", "hainan-province"), "chengdu": ("Chengdu", "成都市", "sichuan"),
    "guiyang": ("Guiyang", "贵阳市", "guizhou"), "kunming": ("Kunming", "昆明市", "yunnan"),
    "xian": ("Xi'an", "西安市", "shaanxi"), "lanzhou": ("Lanzhou", "兰州市", "gansu"),
    "xining": ("Xining", "西宁市", "qinghai"), "yinchuan": ("Yinchuan", "银川市", "ningxia"),
    "urumqi": ("Urumqi", "乌鲁木齐市", "xinjiang"), "dalian": ("Dalian", "大连市", "liaoning"),
    "suzhou": ("Suzhou", "苏州市", "jiangsu"), "wuxi": ("Wuxi", "无锡市", "jiangsu"),
    "changzhou": ("Changzhou", "常州市", "jiangsu"), "tangshan": ("Tangshan", "唐山市", "hebei"),
    "haidong": ("Haidong", "海东市", "qinghai"),
}
PREFECTURES = {  # Tibetan autonomous prefectures outside the TAR: id -> (name, zh, province, other forms)
    "haibei": ("Haibei Tibetan Autonomous Prefecture", "海北藏族自治州", "qinghai", ["Haibei", "Haibei Prefecture"]),
    "huangnan": ("Huangnan Tibetan Autonomous Prefecture", "黄南藏族自治州", "qinghai", ["Huangnan", "Huangnan Prefecture", "Malho"]),
    "hainan-tibetan": ("Hainan Tibetan Autonomous Prefecture", "海南藏族自治州", "qinghai", ["Hainan Prefecture", "Tsolho"]),
    "golog": ("Golog Tibetan Autonomous Prefecture", "果洛藏族自治州", "qinghai", ["Golog", "Guoluo", "Guoluo Prefecture"]),
    "yushu": ("Yushu Tibetan Autonomous Prefecture", "玉树藏族自治州", "qinghai", ["Yushu", "Yushu Prefecture", "Jyekundo"]),
    "haixi": ("Haixi Mongol and Tibetan Autonomous Prefecture", "海西蒙古族藏族自治州", "qinghai", ["Haixi", "Haixi Prefecture"]),
    "garze": ("Garzê Tibetan Autonomous Prefecture", "甘孜藏族自治州", "sichuan", ["Garze", "Garzê", "Ganzi", "Ganzi Prefecture", "Kardze"]),
    "ngawa": ("Ngawa Tibetan and Qiang Autonomous Prefecture", "阿坝藏族羌族自治州", "sichuan", ["Ngawa", "Aba Prefecture", "Aba Tibetan and Qiang Autonomous Prefecture"]),
    "gannan": ("Gannan Tibetan Autonomous Prefecture", "甘南藏族自治州", "gansu", ["Gannan", "Gannan Prefecture"]),
    "deqen": ("Dêqên Tibetan Autonomous Prefecture", "迪庆藏族自治州", "yunnan", ["Deqen Prefecture", "Diqing", "Diqing Prefecture", "Diqing Tibetan Autonomous Prefecture"]),
}
COUNTY_LEVEL = {  # id -> (name, zh, parent, other forms, note)
    "tongren-qinghai": ("Tongren", "同仁市", "huangnan", ["Tongren City", "Rebgong", "Repkong"],
                        "Rebgong, county-level city of Huangnan (2020). Guizhou's Tongren 铜仁市 is another place."),
}
DISTRICTS = {  # aid-partner districts of Beijing and Shanghai: id -> (name, zh, municipality); bare names that collide elsewhere are ambiguous
    "dongcheng": ("Dongcheng", "东城区", "beijing"), "xicheng": ("Xicheng", "西城区", "beijing"),
    "chaoyang-beijing": ("Chaoyang", "朝阳区", "beijing"), "fengtai": ("Fengtai", "丰台区", "beijing"),
    "shijingshan": ("Shijingshan", "石景山区", "beijing"), "haidian": ("Haidian", "海淀区", "beijing"),
    "mentougou": ("Mentougou", "门头沟区", "beijing"), "fangshan": ("Fangshan", "房山区", "beijing"),
    "tongzhou-beijing": ("Tongzhou", "通州区", "beijing"), "shunyi": ("Shunyi", "顺义区", "beijing"),
    "changping": ("Changping", "昌平区", "beijing"), "daxing": ("Daxing", "大兴区", "beijing"),
    "huairou": ("Huairou", "怀柔区", "beijing"), "pinggu": ("Pinggu", "平谷区", "beijing"),
    "miyun": ("Miyun", "密云区", "beijing"), "yanqing": ("Yanqing", "延庆区", "beijing"),
    "huangpu-shanghai": ("Huangpu", "黄浦区", "shanghai"), "xuhui": ("Xuhui", "徐汇区", "shanghai"),
    "changning": ("Changning", "长宁区", "shanghai"), "jingan": ("Jing'an", "静安区", "shanghai"),
    "putuo-shanghai": ("Putuo", "普陀区", "shanghai"), "hongkou": ("Hongkou", "虹口区", "shanghai"),
    "yangpu": ("Yangpu", "杨浦区", "shanghai"), "minhang": ("Minhang", "闵行区", "shanghai"),
    "baoshan-shanghai": ("Baoshan", "宝山区", "shanghai"), "jiading": ("Jiading", "嘉定区", "shanghai"),
    "pudong": ("Pudong New Area", "浦东新区", "shanghai"), "jinshan": ("Jinshan", "金山区", "shanghai"),
    "songjiang": ("Songjiang", "松江区", "shanghai"), "qingpu": ("Qingpu", "青浦区", "shanghai"),
    "fengxian": ("Fengxian", "奉贤区", "shanghai"), "chongming": ("Chongming", "崇明区", "shanghai"),
}
# Bare district names that are also cities, districts or counties elsewhere: 'X District' still matches.
COLLIDING = {"chaoyang-beijing", "tongzhou-beijing", "huangpu-shanghai", "putuo-shanghai", "baoshan-shanghai",
             "changning", "jinshan", "dongcheng", "xicheng"}


def entries() -> list[dict]:
    out = []
    for pid, (name, zh, kind) in PROVINCES.items():
        plain = name.replace(" Province", "")
        forms = [name, f"{plain} Province"] if kind == "province" and pid not in ("hong-kong", "macau", "taiwan", "inner-mongolia", "guangxi", "ningxia", "xinjiang") else [name]
        if pid == "hainan-province":
            forms = ["Hainan Province"]
        out.append({"id": pid, "name": name, "kind": kind, "zh": zh, "outside_tibet": True,
                    "variants": list(dict.fromkeys(forms + EXTRA.get(pid, [])))})
    for cid, (name, zh, province) in CITIES.items():
        out.append({"id": cid, "name": name, "kind": "city", "zh": zh, "parent": province, "outside_tibet": True,
                    "variants": [name, f"{name} City"]})
    for fid, (name, zh, province, forms) in PREFECTURES.items():
        out.append({"id": fid, "name": name, "kind": "prefecture", "zh": zh, "parent": province, "outside_tibet": True,
                    "variants": [name, *forms]})
    for cid, (name, zh, parent, forms, note) in COUNTY_LEVEL.items():
        out.append({"id": cid, "name": name, "kind": "county-level city", "zh": zh, "parent": parent, "outside_tibet": True,
                    "variants": [name, *forms], "notes": note})
    for did, (name, zh, city) in DISTRICTS.items():
        entry = {"id": did, "name": f"{name} District" if did != "pudong" else name, "kind": "district", "zh": zh,
                 "parent": city, "outside_tibet": True}
        bare = [name] if did != "pudong" else ["Pudong"]
        entry["variants"] = [entry["name"]] + ([] if did in COLLIDING else bare)
        if did in COLLIDING:
            entry["ambiguous"] = bare
        out.append(entry)
    return out


def main(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    existing = {entry["id"] for entry in yaml.safe_load(text)}
    new = [entry for entry in entries() if entry["id"] not in existing]
    block = "\n# Provinces of China and places outside Tibet that Tibet's news names (scripts/china_divisions.py).\n"
    for entry in new:
        block += "\n" + yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=200)
    path.write_text(text.rstrip("\n") + "\n" + block, encoding="utf-8")
    print(f"{len(new)} places added to {path}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "content/gazetteer/places.yaml"))
