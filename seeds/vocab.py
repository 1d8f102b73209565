"""Fixed vocabularies for the generator: unit names, place names, titles. Synthetic but plausible.

Order matters (draws index into these tuples), so never build them from sets.
"""

from __future__ import annotations

COUNTY_NAME = "潼关县"
AREA_CODE = "610522"
"""Tongguan's administrative division code: the first six digits of its residents' ID numbers."""

STREET_NAMES = (
    "城关街道",
    "太要街道",
    "秦东街道",
    "桐峪街道",
    "代字营街道",
    "安乐街道",
    "港口街道",
    "高桥街道",
    "南头街道",
    "四知街道",
)

COMMUNITY_NAMES = (
    "金城社区",
    "风陵社区",
    "潼河社区",
    "东街社区",
    "西街社区",
    "南街社区",
    "北街社区",
    "城北社区",
    "城南社区",
    "雄关社区",
    "凤凰社区",
    "麒麟社区",
    "秦岭社区",
    "黄河社区",
    "古城社区",
)

ROADS = (
    "金城大道",
    "人民路",
    "风陵路",
    "潼河路",
    "东风路",
    "建设路",
    "文化路",
    "新华路",
    "解放路",
    "朝阳路",
    "迎宾路",
    "滨河路",
    "黄河路",
    "秦东路",
    "杨震路",
    "雄关路",
    "古城路",
    "秦岭路",
    "吉庆路",
    "兴业路",
)

ALLEYS = (
    "东关巷",
    "西关巷",
    "南关巷",
    "北关巷",
    "马道巷",
    "文庙巷",
    "仓房巷",
    "城隍庙巷",
    "书院巷",
    "药王巷",
    "柳树巷",
    "槐树巷",
    "枣园巷",
    "粮站巷",
    "校场巷",
    "水井巷",
    "染坊巷",
    "铁匠巷",
    "油坊巷",
    "十字巷",
    "磨坊巷",
    "府前巷",
    "关帝巷",
    "花园巷",
    "榆树巷",
    "杏林巷",
    "太平巷",
    "永宁巷",
    "长乐巷",
    "兴隆巷",
)

NAMED_THREE_NO = ("福乐小区", "景园小区", "自来水厂小区", "添景苑东段小区")
"""The three-no compounds the case study names; they exist in the first street."""

FAMILY_COMPOUND_OWNERS = (
    "粮食局",
    "供销社",
    "农机公司",
    "水泥厂",
    "针织厂",
    "化肥厂",
    "物资局",
    "县医院",
    "潼关中学",
    "邮电局",
    "电力局",
    "税务局",
    "交通局",
    "工商局",
    "法院",
    "检察院",
    "公安局",
    "农行",
    "建行",
    "信用社",
    "食品公司",
    "百货公司",
    "五金公司",
    "纺织厂",
    "造纸厂",
    "酒厂",
    "印刷厂",
    "水利局",
    "林业局",
    "卫生局",
    "教育局",
    "文化局",
    "木材公司",
    "运输公司",
    "糖酒公司",
    "棉麻公司",
    "药材公司",
    "农技站",
    "畜牧站",
    "气象站",
)

OLD_COMPOUND_WORDS = (
    "和平",
    "幸福",
    "团结",
    "东风",
    "向阳",
    "红旗",
    "前进",
    "胜利",
    "建设",
    "友谊",
    "光明",
    "新华",
    "文化",
    "兴隆",
    "吉祥",
    "康乐",
    "安居",
    "长青",
    "平安",
    "丰收",
    "东关",
    "西关",
    "南街",
    "北街",
    "城南",
    "城北",
    "潼河",
    "风陵",
    "秦东",
    "雄关",
    "金盾",
    "桃园",
    "杏园",
    "枣园",
    "梨园",
    "槐荫",
    "柳荫",
    "迎春",
    "华山",
    "麒麟",
)

OLD_COMPOUND_SUFFIXES = ("小区", "小区", "小区", "苑", "新村", "楼院")

NEW_COMPOUND_WORDS = (
    "锦绣",
    "阳光",
    "盛世",
    "翠苑",
    "丽景",
    "馨园",
    "雅居",
    "金域",
    "御景",
    "华府",
    "滨河",
    "黄河",
    "秦岭",
    "雄关",
    "凤凰",
    "紫薇",
    "水岸",
    "名门",
    "龙湾",
    "正荣",
    "天悦",
    "书香",
    "怡景",
    "鑫源",
    "嘉禾",
    "恒大",
    "新城",
    "世纪",
    "金桂",
    "香榭",
)

NEW_COMPOUND_SUFFIXES = ("花园", "苑", "华府", "名都", "嘉园", "新城", "家园", "公馆")

# (kind, name, weight): the 107 co-building units of the first street; the weight sets how many of
# the 3,048 cadres work there.
UNITS: tuple[tuple[str, str, int], ...] = (
    ("AGENCY", "潼关县委办公室", 40),
    ("AGENCY", "潼关县人大常委会办公室", 25),
    ("AGENCY", "潼关县人民政府办公室", 45),
    ("AGENCY", "政协潼关县委员会办公室", 20),
    ("AGENCY", "潼关县纪委监委", 45),
    ("AGENCY", "潼关县委组织部", 35),
    ("AGENCY", "潼关县委宣传部", 25),
    ("AGENCY", "潼关县委统战部", 18),
    ("AGENCY", "潼关县委政法委", 20),
    ("AGENCY", "潼关县委编办", 10),
    ("AGENCY", "潼关县委巡察办", 12),
    ("AGENCY", "潼关县发展和改革局", 30),
    ("AGENCY", "潼关县教育局", 45),
    ("AGENCY", "潼关县科学技术局", 12),
    ("AGENCY", "潼关县工业和信息化局", 20),
    ("AGENCY", "潼关县公安局", 220),
    ("AGENCY", "潼关县民政局", 30),
    ("AGENCY", "潼关县司法局", 30),
    ("AGENCY", "潼关县财政局", 45),
    ("AGENCY", "潼关县人力资源和社会保障局", 40),
    ("AGENCY", "潼关县自然资源局", 40),
    ("AGENCY", "潼关县住房和城乡建设局", 45),
    ("AGENCY", "潼关县交通运输局", 35),
    ("AGENCY", "潼关县水利局", 30),
    ("AGENCY", "潼关县农业农村局", 45),
    ("AGENCY", "潼关县商务局", 15),
    ("AGENCY", "潼关县文化和旅游局", 30),
    ("AGENCY", "潼关县卫生健康局", 30),
    ("AGENCY", "潼关县退役军人事务局", 15),
    ("AGENCY", "潼关县应急管理局", 20),
    ("AGENCY", "潼关县审计局", 15),
    ("AGENCY", "潼关县市场监督管理局", 50),
    ("AGENCY", "潼关县统计局", 12),
    ("AGENCY", "潼关县医疗保障局", 15),
    ("AGENCY", "潼关县林业局", 18),
    ("AGENCY", "潼关县城市管理执法局", 60),
    ("AGENCY", "潼关县信访局", 10),
    ("AGENCY", "潼关县行政审批服务局", 25),
    ("AGENCY", "潼关县乡村振兴局", 15),
    ("AGENCY", "潼关县数据局", 10),
    ("AGENCY", "国家税务总局潼关县税务局", 50),
    ("AGENCY", "潼关县人民法院", 60),
    ("AGENCY", "潼关县人民检察院", 40),
    ("AGENCY", "潼关县人民武装部", 15),
    ("AGENCY", "潼关县消防救援大队", 30),
    ("AGENCY", "潼关县气象局", 8),
    ("AGENCY", "潼关县烟草专卖局", 20),
    ("AGENCY", "渭南市生态环境局潼关分局", 20),
    ("AGENCY", "潼关县总工会", 12),
    ("AGENCY", "共青团潼关县委", 8),
    ("AGENCY", "潼关县妇女联合会", 8),
    ("AGENCY", "潼关县残疾人联合会", 10),
    ("AGENCY", "潼关县工商业联合会", 8),
    ("AGENCY", "潼关县科学技术协会", 6),
    ("PUBLIC_INSTITUTION", "中共潼关县委党校", 25),
    ("PUBLIC_INSTITUTION", "潼关县融媒体中心", 30),
    ("PUBLIC_INSTITUTION", "潼关县档案馆", 10),
    ("PUBLIC_INSTITUTION", "潼关县医院", 200),
    ("PUBLIC_INSTITUTION", "潼关县中医医院", 120),
    ("PUBLIC_INSTITUTION", "潼关县妇幼保健院", 60),
    ("PUBLIC_INSTITUTION", "潼关县疾病预防控制中心", 30),
    ("PUBLIC_INSTITUTION", "潼关中学", 120),
    ("PUBLIC_INSTITUTION", "潼关县城关中学", 80),
    ("PUBLIC_INSTITUTION", "潼关县城关第一小学", 70),
    ("PUBLIC_INSTITUTION", "潼关县城关第二小学", 60),
    ("PUBLIC_INSTITUTION", "潼关县职业教育中心", 50),
    ("PUBLIC_INSTITUTION", "潼关县第一幼儿园", 30),
    ("PUBLIC_INSTITUTION", "潼关县图书馆", 10),
    ("PUBLIC_INSTITUTION", "潼关县文化馆", 12),
    ("PUBLIC_INSTITUTION", "潼关县博物馆", 10),
    ("PUBLIC_INSTITUTION", "潼关县社会保险经办中心", 25),
    ("PUBLIC_INSTITUTION", "潼关县不动产登记中心", 20),
    ("PUBLIC_INSTITUTION", "潼关县机关事务服务中心", 15),
    ("PUBLIC_INSTITUTION", "潼关县环境卫生服务中心", 40),
    ("PUBLIC_INSTITUTION", "潼关县公共资源交易中心", 10),
    ("PUBLIC_INSTITUTION", "渭南市住房公积金管理中心潼关管理部", 10),
    ("PUBLIC_INSTITUTION", "潼关县农业技术推广中心", 20),
    ("PUBLIC_INSTITUTION", "潼关县水务服务中心", 15),
    ("ENTERPRISE", "国网潼关县供电公司", 80),
    ("ENTERPRISE", "中国移动潼关分公司", 30),
    ("ENTERPRISE", "中国电信潼关分公司", 25),
    ("ENTERPRISE", "中国联通潼关分公司", 15),
    ("ENTERPRISE", "中国邮政集团潼关县分公司", 30),
    ("ENTERPRISE", "中国工商银行潼关支行", 25),
    ("ENTERPRISE", "中国农业银行潼关县支行", 35),
    ("ENTERPRISE", "中国建设银行潼关支行", 25),
    ("ENTERPRISE", "中国银行潼关支行", 15),
    ("ENTERPRISE", "陕西潼关农村商业银行", 40),
    ("ENTERPRISE", "潼关县城市建设投资有限公司", 30),
    ("ENTERPRISE", "潼关县自来水公司", 30),
    ("ENTERPRISE", "潼关县天然气有限公司", 20),
    ("ENTERPRISE", "中国人寿保险潼关支公司", 15),
    ("ENTERPRISE", "潼关中金黄金矿业有限责任公司", 60),
    ("ENTERPRISE", "潼关县文化旅游投资集团有限公司", 20),
    ("ENTERPRISE", "中国石化潼关石油分公司", 15),
    ("ENTERPRISE", "潼关县公共交通有限公司", 20),
    ("ENTERPRISE", "潼关县酱菜食品有限公司", 15),
    ("SOCIAL_ORGANIZATION", "潼关县红十字会", 8),
    ("SOCIAL_ORGANIZATION", "潼关县慈善协会", 6),
    ("SOCIAL_ORGANIZATION", "潼关县志愿者协会", 8),
    ("SOCIAL_ORGANIZATION", "潼关县个体劳动者协会", 6),
    ("SOCIAL_ORGANIZATION", "潼关县老年人体育协会", 5),
    ("SOCIAL_ORGANIZATION", "潼关县律师协会", 6),
    ("SOCIAL_ORGANIZATION", "潼关县物业管理协会", 5),
    ("SOCIAL_ORGANIZATION", "潼关县义工联合会", 6),
    ("SOCIAL_ORGANIZATION", "潼关县社会工作协会", 5),
    ("SOCIAL_ORGANIZATION", "潼关县关心下一代工作委员会", 6),
)

ORGANIZATION_DEPARTMENT = "潼关县委组织部"
POLITICAL_LEGAL = "潼关县委政法委"
CIVIL_AFFAIRS = "潼关县民政局"
HOUSING = "潼关县住房和城乡建设局"
FINANCE = "潼关县财政局"
PROPAGANDA = "潼关县委宣传部"
HUMAN_RESOURCES = "潼关县人力资源和社会保障局"
PUBLIC_SECURITY = "潼关县公安局"

# (unit name, role, duty) of the county task force (三无小区治理专班), the lead department first.
TASK_FORCE_NAME = "潼关县三无小区治理专班"
TASK_FORCE_DEPARTMENTS = (
    (ORGANIZATION_DEPARTMENT, "LEAD", "牵头抓总，统筹协调三无小区治理"),
    (POLITICAL_LEGAL, "MEMBER", "统筹政法干警包片包小区，推进小探头工程"),
    (CIVIL_AFFAIRS, "MEMBER", "指导居民自治组织建设，落实特殊群体救助"),
    (HOUSING, "MEMBER", "老旧小区改造、加装电梯及基础设施提升"),
    (FINANCE, "MEMBER", "网格党支部工作经费纳入预算并拨付"),
    (PROPAGANDA, "MEMBER", "核心价值观进小区，典型选树宣传"),
    (HUMAN_RESOURCES, "MEMBER", "社区工作者三岗十八级薪酬待遇保障"),
)

# Which departments a micro-project of each kind is coordinated with.
PROJECT_DEPARTMENTS = {
    "RENOVATION": (HOUSING, FINANCE, "国网潼关县供电公司", "潼关县自来水公司"),
    "FACILITY": (HOUSING, "国网潼关县供电公司", "潼关县市场监督管理局", "潼关县城市建设投资有限公司"),
    "GREENING": ("潼关县林业局", "潼关县城市管理执法局", "潼关县环境卫生服务中心"),
    "LIGHTING": ("国网潼关县供电公司", "潼关县城市管理执法局"),
    "SANITATION": ("潼关县环境卫生服务中心", "潼关县城市管理执法局", "潼关县卫生健康局"),
}

ADULT_OCCUPATIONS = (
    ("个体经营", 14),
    ("公司职员", 14),
    ("务工人员", 16),
    ("教师", 4),
    ("医护人员", 3),
    ("自由职业", 8),
    ("灵活就业", 10),
    ("家务", 8),
    ("待业", 4),
    ("沿街商户", 6),
    ("司机", 5),
    ("建筑工人", 4),
    ("快递员", 2),
    ("餐饮从业人员", 4),
)

RETIRED_OCCUPATIONS = (
    ("退休职工", 50),
    ("退休教师", 11),
    ("退休干部", 11),
    ("退伍军人", 6),
    ("退职社区干部", 4),
    ("退职村干部", 3),
    ("无业", 15),
)

RESPECTED_OCCUPATIONS = ("退休干部", "退休教师", "退职社区干部", "退职村干部", "退伍军人")

CADRE_OCCUPATIONS = {
    "AGENCY": "机关干部",
    "PUBLIC_INSTITUTION": "事业单位职工",
    "ENTERPRISE": "企业职工",
    "SOCIAL_ORGANIZATION": "社会组织工作人员",
}

# Given names by birth decade, to add to Faker's zh_CN lists (which lean to one generation).
OLD_GIVEN_MALE = (
    "建国",
    "建军",
    "国强",
    "卫东",
    "振华",
    "志刚",
    "保国",
    "德胜",
    "福生",
    "长顺",
    "满仓",
    "新民",
)
OLD_GIVEN_FEMALE = (
    "秀兰",
    "桂英",
    "玉兰",
    "淑珍",
    "凤英",
    "翠花",
    "桂芳",
    "秀珍",
    "爱华",
    "春兰",
    "秀梅",
    "玉珍",
)
YOUNG_GIVEN_MALE = (
    "子轩",
    "浩然",
    "宇轩",
    "梓豪",
    "一鸣",
    "俊熙",
    "博文",
    "皓轩",
    "梓睿",
    "子墨",
    "宇航",
    "嘉懿",
)
YOUNG_GIVEN_FEMALE = (
    "欣怡",
    "梓涵",
    "诗涵",
    "雨桐",
    "一诺",
    "可馨",
    "紫萱",
    "思琪",
    "梓萱",
    "语桐",
    "若汐",
    "佳怡",
)

VENUE_GRID_SUFFIXES = ("党群服务站", "党建活动中心", "红色驿站")
VENUE_COMPOUND_SUFFIXES = ("党建活动室", "红色小屋", "党群议事厅", "邻里中心")

PLATFORM_NAMES = (
    ("周二说事日", "每周二下午"),
    ("周末议事会", "每周六上午"),
    ("板凳议事会", "每月5日"),
    ("院坝议事厅", "每月15日"),
    ("红色议事厅", "每月第一个周三"),
    ("邻里议事角", "每周四晚"),
    ("楼栋恳谈会", "每月最后一个周五"),
)

TEAM_FOCUSES = (
    "环境卫生",
    "助老助残",
    "矛盾调解",
    "平安巡逻",
    "文明创建",
    "政策宣传",
    "关爱青少年",
    "便民服务",
)
PARTY_TEAM_NAMES = (
    "红色管家志愿服务队",
    "牵手夕阳红志愿服务队",
    "流动办公进小区服务队",
    "邻里守望志愿服务队",
    "红袖标平安巡逻队",
    "文明劝导志愿服务队",
)

WISH_TITLES = {
    "ELDERLY_ALONE": (
        "更换老化电线和灯具",
        "配一副老花镜",
        "冬季电热毯一条",
        "每月上门理发",
        "代购降压药",
        "卫生间安装扶手",
        "修理漏水的水龙头",
        "陪同到县医院复诊",
        "更换燃气软管",
        "购买助行器",
        "清洗抽油烟机",
        "教会用手机视频通话",
    ),
    "POOR_STUDENT": (
        "新书包和文具",
        "课外辅导书一套",
        "护眼台灯一盏",
        "冬季棉衣一件",
        "英语学习机",
        "运动鞋一双",
        "暑期数学辅导",
        "书桌一张",
    ),
    "DISABLED": (
        "轮椅一辆",
        "助听器维修",
        "卫生间加装扶手",
        "盲杖一根",
        "上门康复训练指导",
        "代办残疾人证年审",
        "防褥疮气垫床",
        "上门康复理疗",
    ),
}

FIVE_SMALL = ("讲清小道理", "开展小活动", "宣传小人物", "解决小问题", "做好小事情")

SERVICE_KINDS = (
    ("PENSION_FILING", "养老保险上门代办", 90),
    ("VETERAN_REVIEW", "退役军人待遇入户联审", 40),
    ("HEALTH_CHECK", "上门健康体检", 80),
    ("REPAIR", "上门维修水电", 80),
    ("COMPANIONSHIP", "陪伴聊天、代购生活用品", 70),
    ("POLICY_TALK", "入户宣讲惠民政策", 52),
)

COMMENDATION_TITLES = (
    "好婆婆",
    "好媳妇",
    "道德模范",
    "孝老爱亲好人",
    "最美家庭",
    "助人为乐好人",
    "优秀红色管家",
    "优秀楼栋长",
    "见义勇为好人",
    "文明家庭",
)

GOVERNANCE_MATTERS = (
    "环境卫生整治",
    "飞线充电整治",
    "车辆乱停乱放治理",
    "楼道杂物清理",
    "化粪池疏通",
    "路灯维修",
    "屋面防水维修",
    "垃圾清运点设置",
    "消防通道清理",
    "下水管网疏通",
    "单元门禁维修",
    "院内路面硬化",
)

DISPUTE_MATTERS = (
    "邻里漏水纠纷",
    "噪音扰民纠纷",
    "停车位纠纷",
    "楼道占用纠纷",
    "宠物扰邻纠纷",
    "排烟扰邻纠纷",
    "公共区域种菜纠纷",
)

ILLEGAL_STRUCTURE_MATTERS = (
    "院内违建彩钢棚拆除",
    "楼顶私搭乱建拆除",
    "一楼私扩院落拆除",
    "公共绿地违建拆除",
    "楼道违建储物间拆除",
)

FACILITY_PROJECTS = (
    "增设电动车集中充电棚",
    "更换单元防盗门",
    "安装监控探头",
    "雨污管网改造",
    "增设休闲健身器材",
    "楼道声控灯更换",
)

END_REASONS = ("结对调整", "干部工作调动", "住户长期外出务工", "网格调整重新结对")
