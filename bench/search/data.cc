#include "bench/search/data.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace asta::bench {
namespace {

using search::DocType;

struct Pair {
  const char* native;
  const char* latin;
};

// ---------------------------------------------------------------------------------
// Person names by culture: the name in its own script and its usual Latin form.

constexpr Pair kJaFamily[] = {
    {"佐藤", "Sato"},       {"鈴木", "Suzuki"},    {"高橋", "Takahashi"}, {"田中", "Tanaka"},
    {"伊藤", "Ito"},        {"渡辺", "Watanabe"},  {"山本", "Yamamoto"},  {"中村", "Nakamura"},
    {"小林", "Kobayashi"},  {"加藤", "Kato"},      {"吉田", "Yoshida"},   {"山田", "Yamada"},
    {"佐々木", "Sasaki"},   {"山口", "Yamaguchi"}, {"松本", "Matsumoto"}, {"井上", "Inoue"},
    {"木村", "Kimura"},     {"林", "Hayashi"},     {"斎藤", "Saito"},     {"清水", "Shimizu"},
    {"山崎", "Yamazaki"},   {"森", "Mori"},        {"池田", "Ikeda"},     {"橋本", "Hashimoto"},
    {"阿部", "Abe"},        {"石川", "Ishikawa"},  {"山下", "Yamashita"}, {"中島", "Nakajima"},
    {"石井", "Ishii"},      {"小川", "Ogawa"},     {"前田", "Maeda"},     {"岡田", "Okada"},
    {"長谷川", "Hasegawa"}, {"藤田", "Fujita"},    {"後藤", "Goto"},      {"近藤", "Kondo"},
    {"村上", "Murakami"},   {"遠藤", "Endo"},      {"青木", "Aoki"},      {"坂本", "Sakamoto"},
    {"福田", "Fukuda"},     {"太田", "Ota"},       {"西村", "Nishimura"}, {"藤井", "Fujii"},
    {"金子", "Kaneko"},     {"岡本", "Okamoto"},   {"藤原", "Fujiwara"},  {"中野", "Nakano"},
    {"三浦", "Miura"},      {"原田", "Harada"},    {"中川", "Nakagawa"},  {"松田", "Matsuda"},
    {"竹内", "Takeuchi"},   {"小野", "Ono"},       {"田村", "Tamura"},    {"中山", "Nakayama"},
    {"和田", "Wada"},       {"石田", "Ishida"},    {"森田", "Morita"},    {"上田", "Ueda"},
    {"原", "Hara"},         {"内田", "Uchida"},    {"柴田", "Shibata"},   {"酒井", "Sakai"},
    {"宮崎", "Miyazaki"},   {"横山", "Yokoyama"},  {"高木", "Takagi"},    {"安藤", "Ando"},
    {"宮本", "Miyamoto"},   {"小島", "Kojima"},    {"谷口", "Taniguchi"}, {"今井", "Imai"},
    {"工藤", "Kudo"},       {"高田", "Takada"},    {"増田", "Masuda"},    {"丸山", "Maruyama"},
    {"杉山", "Sugiyama"},   {"村田", "Murata"},    {"大塚", "Otsuka"},    {"新井", "Arai"},
    {"小山", "Koyama"},     {"平野", "Hirano"},    {"藤本", "Fujimoto"},  {"河野", "Kono"},
    {"上野", "Ueno"},       {"野口", "Noguchi"},   {"武田", "Takeda"},    {"松井", "Matsui"},
    {"千葉", "Chiba"},      {"岩崎", "Iwasaki"},   {"菅原", "Sugawara"},  {"木下", "Kinoshita"},
    {"久保", "Kubo"},       {"佐野", "Sano"},      {"野村", "Nomura"},    {"松尾", "Matsuo"},
    {"市川", "Ichikawa"},   {"菊地", "Kikuchi"},   {"桜井", "Sakurai"},   {"東", "Higashi"},
};

constexpr Pair kJaGiven[] = {
    {"健二", "Kenji"},    {"健一", "Kenichi"},  {"翔太", "Shota"},    {"大輔", "Daisuke"},
    {"拓也", "Takuya"},   {"直樹", "Naoki"},    {"和也", "Kazuya"},   {"隆", "Takashi"},
    {"浩", "Hiroshi"},    {"誠", "Makoto"},     {"修", "Osamu"},      {"哲也", "Tetsuya"},
    {"健太", "Kenta"},    {"亮", "Ryo"},        {"学", "Manabu"},     {"聡", "Satoshi"},
    {"剛", "Tsuyoshi"},   {"達也", "Tatsuya"},  {"雄一", "Yuichi"},   {"淳", "Jun"},
    {"陽介", "Yosuke"},   {"裕太", "Yuta"},     {"蓮", "Ren"},        {"悠真", "Yuma"},
    {"湊", "Minato"},     {"颯太", "Sota"},     {"陽翔", "Haruto"},   {"一郎", "Ichiro"},
    {"太郎", "Taro"},     {"次郎", "Jiro"},     {"正樹", "Masaki"},   {"秀樹", "Hideki"},
    {"博之", "Hiroyuki"}, {"信也", "Shinya"},   {"智也", "Tomoya"},   {"洋平", "Yohei"},
    {"大樹", "Daiki"},    {"翼", "Tsubasa"},    {"光", "Hikaru"},     {"昭", "Akira"},
    {"恵", "Megumi"},     {"花子", "Hanako"},   {"陽子", "Yoko"},     {"裕子", "Yuko"},
    {"直子", "Naoko"},    {"久美子", "Kumiko"}, {"由美", "Yumi"},     {"美穂", "Miho"},
    {"愛", "Ai"},         {"彩", "Aya"},        {"真由美", "Mayumi"}, {"明美", "Akemi"},
    {"智子", "Tomoko"},   {"恵子", "Keiko"},    {"京子", "Kyoko"},    {"幸子", "Sachiko"},
    {"美咲", "Misaki"},   {"結衣", "Yui"},      {"陽菜", "Hina"},     {"葵", "Aoi"},
    {"凛", "Rin"},        {"麻衣", "Mai"},      {"千尋", "Chihiro"},  {"奈々", "Nana"},
    {"友美", "Tomomi"},   {"理恵", "Rie"},      {"香織", "Kaori"},    {"沙織", "Saori"},
    {"由香", "Yuka"},     {"絵美", "Emi"},      {"紀子", "Noriko"},   {"早苗", "Sanae"},
    {"美由紀", "Miyuki"}, {"麻美", "Asami"},    {"佳子", "Yoshiko"},  {"真理", "Mari"},
};

constexpr Pair kZhFamily[] = {
    {"王", "Wang"},  {"李", "Li"},    {"张", "Zhang"}, {"刘", "Liu"},  {"陈", "Chen"},
    {"杨", "Yang"},  {"黄", "Huang"}, {"赵", "Zhao"},  {"吴", "Wu"},   {"周", "Zhou"},
    {"徐", "Xu"},    {"孙", "Sun"},   {"马", "Ma"},    {"朱", "Zhu"},  {"胡", "Hu"},
    {"郭", "Guo"},   {"何", "He"},    {"高", "Gao"},   {"林", "Lin"},  {"罗", "Luo"},
    {"郑", "Zheng"}, {"梁", "Liang"}, {"谢", "Xie"},   {"宋", "Song"}, {"唐", "Tang"},
    {"韩", "Han"},   {"冯", "Feng"},  {"邓", "Deng"},  {"曹", "Cao"},  {"彭", "Peng"},
};

constexpr Pair kZhGiven[] = {
    {"伟", "Wei"},       {"芳", "Fang"},       {"娜", "Na"},         {"敏", "Min"},
    {"静", "Jing"},      {"丽", "Li"},         {"强", "Qiang"},      {"磊", "Lei"},
    {"军", "Jun"},       {"洋", "Yang"},       {"勇", "Yong"},       {"艳", "Yan"},
    {"杰", "Jie"},       {"涛", "Tao"},        {"明", "Ming"},       {"超", "Chao"},
    {"秀英", "Xiuying"}, {"霞", "Xia"},        {"平", "Ping"},       {"刚", "Gang"},
    {"建华", "Jianhua"}, {"志强", "Zhiqiang"}, {"晓明", "Xiaoming"}, {"海燕", "Haiyan"},
    {"玉兰", "Yulan"},   {"文", "Wen"},        {"辉", "Hui"},        {"浩然", "Haoran"},
    {"子涵", "Zihan"},   {"欣怡", "Xinyi"},    {"宇轩", "Yuxuan"},   {"思远", "Siyuan"},
    {"俊杰", "Junjie"},  {"嘉怡", "Jiayi"},    {"梓轩", "Zixuan"},   {"国强", "Guoqiang"},
};

constexpr Pair kKoFamily[] = {
    {"김", "Kim"},   {"이", "Lee"}, {"박", "Park"}, {"최", "Choi"}, {"정", "Jung"},
    {"강", "Kang"},  {"조", "Cho"}, {"윤", "Yoon"}, {"장", "Jang"}, {"임", "Lim"},
    {"한", "Han"},   {"오", "Oh"},  {"서", "Seo"},  {"신", "Shin"}, {"권", "Kwon"},
    {"황", "Hwang"}, {"안", "Ahn"}, {"송", "Song"}, {"류", "Ryu"},  {"홍", "Hong"},
};

constexpr Pair kKoGiven[] = {
    {"민준", "Min-jun"},   {"서연", "Seo-yeon"},  {"지훈", "Ji-hoon"},  {"수빈", "Su-bin"},
    {"도윤", "Do-yoon"},   {"하은", "Ha-eun"},    {"예준", "Ye-jun"},   {"지우", "Ji-woo"},
    {"서준", "Seo-jun"},   {"민서", "Min-seo"},   {"현우", "Hyun-woo"}, {"지민", "Ji-min"},
    {"준호", "Jun-ho"},    {"은지", "Eun-ji"},    {"성민", "Sung-min"}, {"혜진", "Hye-jin"},
    {"동현", "Dong-hyun"}, {"유진", "Yu-jin"},    {"재현", "Jae-hyun"}, {"수진", "Su-jin"},
    {"영호", "Young-ho"},  {"상훈", "Sang-hoon"}, {"미경", "Mi-kyung"}, {"정민", "Jung-min"},
};

constexpr Pair kThGiven[] = {
    {"สมชาย", "Somchai"},  {"สมศักดิ์", "Somsak"}, {"สุรชัย", "Surachai"}, {"วิชัย", "Wichai"},
    {"อนุชา", "Anucha"},    {"กิตติ", "Kitti"},    {"ณัฐพล", "Nattapon"}, {"ธนากร", "Thanakorn"},
    {"สุดารัตน์", "Sudarat"}, {"มาลี", "Malee"},    {"วรรณา", "Wanna"},   {"นภา", "Napa"},
    {"ปราณี", "Pranee"},    {"อรุณ", "Arun"},     {"พรทิพย์", "Porntip"}, {"ชัยวัฒน์", "Chaiwat"},
};

constexpr Pair kThFamily[] = {
    {"ใจดี", "Jaidee"},      {"สุขสวัสดิ์", "Suksawat"},    {"ศรีสุข", "Srisuk"},
    {"วงศ์ใหญ่", "Wongyai"},  {"แก้วมณี", "Kaewmanee"},    {"บุญมา", "Boonma"},
    {"ทองดี", "Thongdee"},   {"รัตนพันธ์", "Rattanaphan"}, {"สมบูรณ์", "Somboon"},
    {"จันทร์เพ็ญ", "Chanpen"}, {"พรหมมา", "Phromma"},     {"ศรีวงศ์", "Sriwong"},
};

constexpr Pair kArGiven[] = {
    {"محمد", "Muhammad"},   {"أحمد", "Ahmed"},        {"علي", "Ali"},     {"حسن", "Hassan"},
    {"حسين", "Hussein"},    {"عمر", "Omar"},          {"خالد", "Khalid"}, {"يوسف", "Yusuf"},
    {"إبراهيم", "Ibrahim"}, {"عبد الله", "Abdullah"}, {"كريم", "Karim"},  {"طارق", "Tariq"},
    {"فاطمة", "Fatima"},    {"عائشة", "Aisha"},       {"مريم", "Maryam"}, {"زينب", "Zainab"},
    {"سارة", "Sara"},       {"ليلى", "Layla"},        {"نور", "Nour"},    {"سلمى", "Salma"},
};

constexpr Pair kArFamily[] = {
    {"العلي", "Al-Ali"},        {"الحسن", "Al-Hassan"},
    {"حداد", "Haddad"},         {"خوري", "Khoury"},
    {"منصور", "Mansour"},       {"ناصر", "Nasser"},
    {"سعيد", "Saeed"},          {"عثمان", "Othman"},
    {"صالح", "Saleh"},          {"الشمري", "Al-Shammari"},
    {"القحطاني", "Al-Qahtani"}, {"الزهراني", "Al-Zahrani"},
    {"العتيبي", "Al-Otaibi"},   {"بكر", "Bakr"},
    {"الخطيب", "Al-Khatib"},
};
constexpr const char* kArCountries[] = {"SA", "EG", "AE", "JO", "QA"};

// Russian given names: the first 8 male, the rest female (family names take -a).
constexpr Pair kRuGiven[] = {
    {"Алексей", "Alexey"},  {"Дмитрий", "Dmitry"},    {"Сергей", "Sergey"},
    {"Андрей", "Andrey"},   {"Иван", "Ivan"},         {"Михаил", "Mikhail"},
    {"Николай", "Nikolay"}, {"Владимир", "Vladimir"}, {"Ольга", "Olga"},
    {"Елена", "Elena"},     {"Наталья", "Natalya"},   {"Татьяна", "Tatyana"},
    {"Анна", "Anna"},       {"Мария", "Maria"},       {"Екатерина", "Ekaterina"},
    {"Юлия", "Yulia"},
};
constexpr std::size_t kRuFirstFemale = 8;

constexpr Pair kRuFamily[] = {
    {"Иванов", "Ivanov"},     {"Смирнов", "Smirnov"},    {"Кузнецов", "Kuznetsov"},
    {"Попов", "Popov"},       {"Васильев", "Vasilyev"},  {"Петров", "Petrov"},
    {"Соколов", "Sokolov"},   {"Михайлов", "Mikhailov"}, {"Новиков", "Novikov"},
    {"Фёдоров", "Fyodorov"},  {"Морозов", "Morozov"},    {"Волков", "Volkov"},
    {"Алексеев", "Alekseev"}, {"Лебедев", "Lebedev"},    {"Семёнов", "Semyonov"},
    {"Егоров", "Yegorov"},
};

constexpr const char* kViFamily[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng",
                                     "Huỳnh",  "Phan", "Vũ", "Võ",   "Đặng"};
constexpr const char* kViGiven[] = {"Văn An",     "Thị Hương", "Minh Tuấn", "Thu Hà",
                                    "Quốc Bảo",   "Ngọc Lan",  "Đức Anh",   "Thanh Hải",
                                    "Hồng Nhung", "Văn Hùng",  "Thị Mai",   "Bảo Châu"};

struct EuFamily {
  const char* latin;
  const char* country;
};
constexpr EuFamily kEuFamily[] = {
    {"Müller", "DE"},    {"Schröder", "DE"}, {"Weiß", "DE"},        {"Dubois", "FR"},
    {"Lefèvre", "FR"},   {"Benoît", "FR"},   {"García", "ES"},      {"Martínez", "ES"},
    {"Fernández", "ES"}, {"González", "ES"}, {"Łukasiewicz", "PL"}, {"Wiśniewski", "PL"},
    {"Nowak", "PL"},     {"Kowalski", "PL"}, {"Gonçalves", "PT"},   {"Conceição", "PT"},
    {"Yılmaz", "TR"},    {"Öztürk", "TR"},   {"Çelik", "TR"},       {"Şahin", "TR"},
    {"Novák", "CZ"},     {"Dvořák", "CZ"},   {"Håkansson", "SE"},   {"Sørensen", "DK"},
};
constexpr const char* kEuGiven[] = {
    "François", "Jérôme", "Hélène",    "Zoë",   "José",  "María", "Álvaro", "Sofía",
    "Łukasz",   "Michał", "Agnieszka", "Zofia", "João",  "Inês",  "Ayşe",   "Mehmet",
    "Jiří",     "Tomáš",  "Jürgen",    "Björn", "Anaïs", "Søren", "Mónica", "Iñaki",
};

// English names with a katakana rendering, as a Japanese text would write them.
constexpr Pair kEnGiven[] = {
    {"ジョン", "John"},       {"ジェームズ", "James"}, {"メアリー", "Mary"},
    {"エマ", "Emma"},         {"デイビッド", "David"}, {"マイケル", "Michael"},
    {"サラ", "Sarah"},        {"ローラ", "Laura"},     {"オリバー", "Oliver"},
    {"アンナ", "Anna"},       {"ロバート", "Robert"},  {"エリザベス", "Elizabeth"},
    {"トーマス", "Thomas"},   {"ジェシカ", "Jessica"}, {"ダニエル", "Daniel"},
    {"レイチェル", "Rachel"},
};
constexpr Pair kEnFamily[] = {
    {"スミス", "Smith"},      {"ジョンソン", "Johnson"}, {"ブラウン", "Brown"},
    {"テイラー", "Taylor"},   {"ウィルソン", "Wilson"},  {"アンダーソン", "Anderson"},
    {"マーティン", "Martin"}, {"ジョーンズ", "Jones"},   {"ウィリアムズ", "Williams"},
    {"ホワイト", "White"},    {"ハリス", "Harris"},      {"クラーク", "Clark"},
    {"ルイス", "Lewis"},      {"ウォーカー", "Walker"},  {"ヤング", "Young"},
    {"キング", "King"},       {"ライト", "Wright"},      {"スコット", "Scott"},
    {"グリーン", "Green"},    {"ベイカー", "Baker"},
};
constexpr const char* kEnCountries[] = {"GB", "US", "AU", "CA", "NZ"};

constexpr const char* kInGiven[] = {"Priya",   "Rahul", "Anil",  "Sunita", "Deepak",
                                    "Lakshmi", "Arjun", "Kavya", "Vikram", "Ananya"};
constexpr const char* kInFamily[] = {"Sharma", "Patel", "Singh", "Kumar", "Gupta",
                                     "Reddy",  "Iyer",  "Rao",   "Nair",  "Chatterjee"};
constexpr const char* kIdGiven[] = {"Siti",  "Budi", "Agus", "Dewi",  "Putri",
                                    "Rizky", "Eko",  "Ayu",  "Fajar", "Indah"};
constexpr const char* kIdFamily[] = {"Santoso", "Wijaya",  "Hidayat", "Saputra",
                                     "Kusuma",  "Pratama", "Nugroho", "Setiawan"};

// ---------------------------------------------------------------------------------
// Organisations.

constexpr Pair kJaPlaces[] = {
    {"東北", "Tohoku"},   {"北海道", "Hokkaido"},  {"東京", "Tokyo"},      {"京都", "Kyoto"},
    {"大阪", "Osaka"},    {"名古屋", "Nagoya"},    {"九州", "Kyushu"},     {"広島", "Hiroshima"},
    {"神戸", "Kobe"},     {"千葉", "Chiba"},       {"筑波", "Tsukuba"},    {"岡山", "Okayama"},
    {"金沢", "Kanazawa"}, {"新潟", "Niigata"},     {"熊本", "Kumamoto"},   {"長崎", "Nagasaki"},
    {"山形", "Yamagata"}, {"福島", "Fukushima"},   {"岩手", "Iwate"},      {"宮城", "Miyagi"},
    {"秋田", "Akita"},    {"青森", "Aomori"},      {"群馬", "Gunma"},      {"埼玉", "Saitama"},
    {"静岡", "Shizuoka"}, {"信州", "Shinshu"},     {"富山", "Toyama"},     {"三重", "Mie"},
    {"滋賀", "Shiga"},    {"奈良", "Nara"},        {"和歌山", "Wakayama"}, {"鳥取", "Tottori"},
    {"島根", "Shimane"},  {"山口", "Yamaguchi"},   {"徳島", "Tokushima"},  {"香川", "Kagawa"},
    {"愛媛", "Ehime"},    {"高知", "Kochi"},       {"佐賀", "Saga"},       {"大分", "Oita"},
    {"宮崎", "Miyazaki"}, {"鹿児島", "Kagoshima"}, {"琉球", "Ryukyu"},     {"横浜", "Yokohama"},
    {"福岡", "Fukuoka"},  {"札幌", "Sapporo"},     {"仙台", "Sendai"},     {"浜松", "Hamamatsu"},
    {"岐阜", "Gifu"},     {"山梨", "Yamanashi"},   {"長野", "Nagano"},     {"茨城", "Ibaraki"},
    {"栃木", "Tochigi"},  {"福井", "Fukui"},       {"兵庫", "Hyogo"},      {"北九州", "Kitakyushu"},
    {"室蘭", "Muroran"},  {"帯広", "Obihiro"},     {"弘前", "Hirosaki"},   {"宇都宮", "Utsunomiya"},
};

// "{P}" is the place; ja and en patterns of academic organisations.
struct OrgPattern {
  const char* ja;
  const char* en;
  const char* type;
};
constexpr OrgPattern kJaAcademic[] = {
    {"{P}大学", "{P} University", "university"},
    {"{P}工業大学", "{P} Institute of Technology", "university"},
    {"{P}医科大学", "{P} Medical University", "university"},
    {"{P}学院大学", "{P} Gakuin University", "university"},
    {"{P}県立大学", "{P} Prefectural University", "university"},
    {"{P}市立大学", "{P} City University", "university"},
    {"{P}農業大学", "{P} University of Agriculture", "university"},
    {"{P}教育大学", "{P} University of Education", "university"},
    {"{P}理科大学", "{P} University of Science", "university"},
    {"{P}工業高等専門学校", "National Institute of Technology, {P} College", "university"},
    {"{P}大学病院", "{P} University Hospital", "hospital"},
    {"{P}医療センター", "{P} Medical Center", "hospital"},
    {"{P}県産業技術センター", "{P} Industrial Technology Center", "research_institute"},
    {"{P}県環境研究所", "{P} Prefectural Environmental Research Institute", "research_institute"},
};

struct Field {
  const char* ja;
  const char* en;
};
constexpr Field kFields[] = {
    {"材料科学", "Materials Science"},
    {"防災科学", "Disaster Prevention Science"},
    {"海洋研究", "Marine Research"},
    {"エネルギー", "Energy Research"},
    {"情報通信", "Information and Communications"},
    {"生命科学", "Life Sciences"},
    {"環境科学", "Environmental Science"},
    {"量子科学", "Quantum Science"},
    {"農業技術", "Agricultural Technology"},
    {"医療技術", "Medical Technology"},
    {"宇宙科学", "Space Science"},
    {"地球科学", "Earth Science"},
    {"食品科学", "Food Science"},
    {"水資源", "Water Resources"},
    {"ロボット", "Robotics"},
    {"半導体", "Semiconductor Research"},
    {"感染症", "Infectious Diseases"},
    {"脳科学", "Brain Science"},
    {"原子力", "Nuclear Science"},
    {"気候変動", "Climate Change"},
};

// Syllables for brand names: katakana and Hepburn.
constexpr Pair kSyllables[] = {
    {"ア", "a"},  {"イ", "i"},   {"カ", "ka"},  {"キ", "ki"}, {"ク", "ku"}, {"ケ", "ke"},
    {"コ", "ko"}, {"サ", "sa"},  {"シ", "shi"}, {"ス", "su"}, {"セ", "se"}, {"ソ", "so"},
    {"タ", "ta"}, {"チ", "chi"}, {"テ", "te"},  {"ト", "to"}, {"ナ", "na"}, {"ニ", "ni"},
    {"ノ", "no"}, {"ハ", "ha"},  {"ヒ", "hi"},  {"フ", "fu"}, {"ホ", "ho"}, {"マ", "ma"},
    {"ミ", "mi"}, {"ム", "mu"},  {"メ", "me"},  {"モ", "mo"}, {"ヤ", "ya"}, {"ユ", "yu"},
    {"ヨ", "yo"}, {"ラ", "ra"},  {"リ", "ri"},  {"ル", "ru"}, {"レ", "re"}, {"ロ", "ro"},
    {"ワ", "wa"}, {"ガ", "ga"},  {"ギ", "gi"},  {"ゴ", "go"}, {"ザ", "za"}, {"ジ", "ji"},
    {"ダ", "da"}, {"デ", "de"},  {"ド", "do"},  {"バ", "ba"}, {"ビ", "bi"}, {"ベ", "be"},
    {"ボ", "bo"}, {"パ", "pa"},  {"ピ", "pi"},  {"ポ", "po"}, {"ン", "n"},  {"テック", "tec"},
};

constexpr Pair kJaIndustries[] = {
    {"電機", "Electric"},
    {"化学", "Chemical"},
    {"製薬", "Pharmaceutical"},
    {"工業", "Industries"},
    {"精密", "Precision"},
    {"製作所", "Manufacturing"},
    {"通信", "Communications"},
    {"電子", "Electronics"},
    {"建設", "Construction"},
    {"食品", "Foods"},
    {"重工業", "Heavy Industries"},
    {"材料", "Materials"},
    {"光学", "Optical"},
    {"エネルギー", "Energy"},
    {"ソフトウェア", "Software"},
    {"バイオ", "Biotech"},
    {"医療機器", "Medical Devices"},
    {"技研", "Giken"},
    {"総合研究所", "Research Institute"},
    {"環境技術", "Environmental Technologies"},
};

struct City {
  const char* latin;
  const char* native;             // "" when the Latin form is the native one
  const char* native_university;  // "University of X" in the local language, or ""
  const char* country;
};
constexpr City kCities[] = {
    {"Bangkok", "กรุงเทพ", "มหาวิทยาลัยกรุงเทพ", "TH"},
    {"Chiang Mai", "เชียงใหม่", "มหาวิทยาลัยเชียงใหม่", "TH"},
    {"Khon Kaen", "ขอนแก่น", "มหาวิทยาลัยขอนแก่น", "TH"},
    {"Seoul", "서울", "서울대학교", "KR"},
    {"Busan", "부산", "부산대학교", "KR"},
    {"Daejeon", "대전", "대전대학교", "KR"},
    {"Beijing", "北京", "北京大学", "CN"},
    {"Shanghai", "上海", "上海大学", "CN"},
    {"Wuhan", "武汉", "武汉大学", "CN"},
    {"Nanjing", "南京", "南京大学", "CN"},
    {"Moscow", "Москва", "Московский университет", "RU"},
    {"Novosibirsk", "Новосибирск", "Новосибирский университет", "RU"},
    {"Kazan", "Казань", "Казанский университет", "RU"},
    {"Cairo", "القاهرة", "جامعة القاهرة", "EG"},
    {"Riyadh", "الرياض", "جامعة الرياض", "SA"},
    {"Amman", "عمان", "جامعة عمان", "JO"},
    {"Hanoi", "Hà Nội", "Đại học Hà Nội", "VN"},
    {"Ho Chi Minh City", "Thành phố Hồ Chí Minh", "", "VN"},
    {"Da Nang", "Đà Nẵng", "Đại học Đà Nẵng", "VN"},
    {"Jakarta", "", "Universitas Jakarta", "ID"},
    {"Bandung", "", "Universitas Bandung", "ID"},
    {"Surabaya", "", "Universitas Surabaya", "ID"},
    {"Delhi", "दिल्ली", "", "IN"},
    {"Mumbai", "मुंबई", "", "IN"},
    {"Bengaluru", "", "", "IN"},
    {"Kuala Lumpur", "", "Universiti Kuala Lumpur", "MY"},
    {"Manila", "", "", "PH"},
    {"Singapore", "", "", "SG"},
    {"Dhaka", "ঢাকা", "", "BD"},
    {"Kathmandu", "", "", "NP"},
    {"Paris", "", "Université de Paris", "FR"},
    {"Lyon", "", "Université de Lyon", "FR"},
    {"Berlin", "", "Universität Berlin", "DE"},
    {"München", "", "Universität München", "DE"},
    {"Madrid", "", "Universidad de Madrid", "ES"},
    {"Sevilla", "", "Universidad de Sevilla", "ES"},
    {"Kraków", "", "Uniwersytet Krakowski", "PL"},
    {"Łódź", "", "Uniwersytet Łódzki", "PL"},
    {"Lisboa", "", "Universidade de Lisboa", "PT"},
    {"Istanbul", "", "İstanbul Üniversitesi", "TR"},
    {"Praha", "", "Univerzita Praha", "CZ"},
    {"London", "", "", "GB"},
    {"Manchester", "", "", "GB"},
    {"Boston", "", "", "US"},
    {"Chicago", "", "", "US"},
    {"Sydney", "", "", "AU"},
    {"Toronto", "", "", "CA"},
    {"Nairobi", "", "", "KE"},
    {"Lagos", "", "", "NG"},
    {"São Paulo", "", "Universidade de São Paulo", "BR"},
};

constexpr OrgPattern kForeignAcademic[] = {
    {"", "University of {C}", "university"},
    {"", "{C} University", "university"},
    {"", "{C} Institute of Technology", "university"},
    {"", "{C} Medical University", "university"},
    {"", "{C} University of Science and Technology", "university"},
    {"", "{C} National Research Center", "research_institute"},
    {"", "{C} Institute for Advanced Study", "research_institute"},
    {"", "{C} General Hospital", "hospital"},
    {"", "{C} Environmental Agency", "government"},
};

constexpr const char* kEnIndustries[] = {
    "Energy",   "Semiconductors", "Biotech",   "Robotics", "Materials", "Pharma",    "Systems",
    "Networks", "Instruments",    "Photonics", "Water",    "Agritech",  "Analytics", "Aerospace",
};

struct LegalForm {
  const char* text;
  const char* country;  // "" when used anywhere
};
constexpr LegalForm kLegalForms[] = {
    {"Co., Ltd.", ""},   {"Ltd.", "GB"},       {"Inc.", "US"}, {"GmbH", "DE"}, {"S.A.", "ES"},
    {"SAS", "FR"},       {"Sp. z o.o.", "PL"}, {"OOO", "RU"},  {"PT", "ID"},   {"JSC", "VN"},
    {"Pte. Ltd.", "SG"}, {"Sdn. Bhd.", "MY"},  {"AB", "SE"},   {"LLC", "US"},
};

constexpr const char* kLatinBrandSyllables[] = {
    "no",  "va",  "tec", "ra", "li",  "on", "mar", "gen", "qua", "zen", "tri", "vo",  "sol",
    "cor", "bel", "dyn", "ex", "pri", "al", "ter", "neo", "sy",  "ka",  "lum", "ver", "ax",
};

// ---------------------------------------------------------------------------------
// Facet values.

constexpr const char* kStages[] = {"student", "early_career", "mid_career", "senior", "emeritus"};
constexpr const char* kStagesEn[] = {"doctoral student", "early-career", "mid-career", "senior",
                                     "emeritus"};
constexpr const char* kStagesJa[] = {"博士課程学生", "助教", "准教授", "教授", "名誉教授"};
constexpr const char* kJpExperience[] = {"none", "study", "research", "invitation", "alumni"};

template <class T, std::size_t N>
const T& Pick(const T (&items)[N], Rng& rng) {
  return items[rng.Below(N)];
}

template <class T, std::size_t N>
constexpr std::size_t Count(const T (&)[N]) {
  return N;
}

std::string Replace(std::string_view pattern, std::string_view key, std::string_view value) {
  std::string out(pattern);
  const std::size_t at = out.find(key);
  if (at != std::string::npos) out.replace(at, key.size(), value);
  return out;
}

std::string Capitalise(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

std::uint64_t Mix(std::uint64_t seed, std::uint64_t kind, std::uint64_t k) {
  Rng r(seed ^ (kind * 0x9e3779b97f4a7c15ULL) ^ (k * 0xd1b54a32d192ed03ULL));
  r.Next();
  return r.Next();
}

// ROR ids look like https://ror.org/0 + 6 base32 characters + 2 check digits.
std::string RorOf(std::uint64_t k) {
  static constexpr char kAlphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
  std::string id = "https://ror.org/0";
  std::uint64_t v = k * 2654435761ULL + 12345;
  for (int i = 0; i < 6; ++i) {
    id.push_back(kAlphabet[v % 32]);
    v /= 32;
  }
  id += std::to_string(10 + k % 90);
  return id;
}

// Picks keywords of a theme, Zipf-weighted, distinct.
std::vector<std::string> Keywords(const std::vector<std::string>& vocab, std::size_t n, Rng& rng) {
  std::vector<std::string> out;
  for (int guard = 0; out.size() < n && guard < 20; ++guard) {
    const std::string& k = vocab[rng.Zipf(vocab.size())];
    if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
  }
  return out;
}

std::string JoinList(const std::vector<std::string>& items, std::string_view sep,
                     std::string_view last_sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += (i + 1 == items.size()) ? last_sep : sep;
    out += items[i];
  }
  return out;
}

struct OrgInfo {
  std::string en;
  std::string ja;  // "" when the organisation has no Japanese name
  std::string type;
  std::string country;
};

}  // namespace

std::size_t Rng::Zipf(std::size_t n) {
  if (n <= 1) return 0;
  // Harmonic weights by inversion on the cumulative sum H(k) ≈ ln(k) + 0.5772.
  const double h = std::log(static_cast<double>(n)) + 0.5772;
  const double u = Unit() * h;
  const double k = std::exp(u - 0.5772);
  return std::min(n - 1, static_cast<std::size_t>(k > 1 ? k - 1 : 0));
}

const std::vector<Theme>& Themes() {
  static const std::vector<Theme> themes = {
      {"green_innovation",
       {"renewable energy",    "solar cells",           "perovskite solar cells",
        "hydrogen production", "hydrogen storage",      "fuel cells",
        "carbon capture",      "battery materials",     "lithium-ion batteries",
        "wind power",          "smart grids",           "energy efficiency",
        "biomass conversion",  "carbon neutrality",     "thermoelectric materials",
        "power electronics",   "electric vehicles",     "geothermal energy",
        "catalysis",           "life cycle assessment", "food security",
        "crop breeding",       "rice genomics",         "aquaculture",
        "soil science",        "water purification",    "water resources management",
        "desalination",        "groundwater",           "environmental monitoring",
        "remote sensing",      "air pollution",         "microplastics",
        "biodiversity",        "climate modelling"},
       {"再生可能エネルギー", "太陽電池",   "水素エネルギー", "燃料電池",   "蓄電池",
        "二酸化炭素回収",     "風力発電",   "省エネルギー",   "バイオマス", "カーボンニュートラル",
        "触媒化学",           "電気自動車", "食料安全保障",   "作物育種",   "水産養殖",
        "土壌科学",           "水資源管理", "海水淡水化",     "地下水",     "環境モニタリング",
        "リモートセンシング", "大気汚染",   "生物多様性",     "気候モデル"}},
      {"life_innovation",
       {"regenerative medicine", "stem cells", "cancer immunotherapy", "drug discovery",
        "medical devices", "medical imaging", "ageing", "elderly care robotics",
        "infectious diseases", "vaccine development", "antimicrobial resistance", "genome editing",
        "bioinformatics", "neuroscience", "epidemiology", "public health"},
       {"再生医療", "幹細胞", "がん免疫療法", "創薬研究", "医療機器", "医用画像", "高齢者介護",
        "感染症対策", "ワクチン開発", "薬剤耐性", "ゲノム編集", "神経科学", "公衆衛生",
        "疫学研究"}},
      {"safety_security",
       {"earthquake engineering", "tsunami warning", "seismology", "landslide monitoring",
        "flood forecasting", "typhoon prediction", "volcanology", "disaster risk reduction",
        "resilient infrastructure", "emergency response", "structural health monitoring",
        "cybersecurity", "cryptography", "nuclear safety", "radiation detection", "export control",
        "dual-use technology", "satellite surveillance", "biosecurity"},
       {"地震工学", "津波警報", "地震学", "土砂災害", "洪水予測", "台風予測", "火山学", "防災科学",
        "減災対策", "災害医療", "構造ヘルスモニタリング", "サイバーセキュリティ", "暗号理論",
        "原子力安全", "放射線計測", "輸出管理", "衛星観測", "バイオセキュリティ"}},
      {"ict",
       {"machine learning", "deep learning", "natural language processing", "computer vision",
        "quantum computing", "high-performance computing", "wireless communications",
        "internet of things", "robotics", "semiconductor devices", "optical networks",
        "data science", "human-computer interaction", "edge computing"},
       {"機械学習", "深層学習", "自然言語処理", "画像認識", "量子コンピュータ", "高性能計算",
        "無線通信", "ロボット工学", "半導体デバイス", "光ネットワーク", "データサイエンス"}},
      {"basic_research",
       {"particle physics",
        "condensed matter physics",
        "superconductivity",
        "astrophysics",
        "number theory",
        "organic chemistry",
        "structural biology",
        "plasma physics",
        "quantum materials",
        "topological insulators",
        "gravitational waves",
        "neutrino physics",
        "nanomaterials",
        "carbon nanotubes",
        "graphene",
        "metamaterials",
        "additive manufacturing",
        "composite materials",
        "thin films",
        "surface science"},
       {"素粒子物理学", "物性物理学", "超伝導", "宇宙物理学", "整数論", "有機化学", "構造生物学",
        "プラズマ物理", "量子材料", "重力波", "ニュートリノ", "ナノ材料", "カーボンナノチューブ",
        "グラフェン", "メタマテリアル", "積層造形", "複合材料", "薄膜技術", "表面科学"}},
  };
  return themes;
}

namespace {

// Organisation k's names and type, a function of (seed, k) alone. Japanese organisations
// are the even ones; the first of them are every academic place × pattern, then
// institutes by field, then companies with generated brand names; foreign ones likewise
// with cities.
OrgInfo OrgNames(std::uint64_t seed, std::size_t k) {
  Rng rng(Mix(seed, 1, k));
  OrgInfo o;
  const std::size_t n = k / 2;
  if (k % 2 == 0) {
    o.country = "JP";
    const std::size_t places = Count(kJaPlaces), academic = Count(kJaAcademic);
    if (n < places * academic) {
      const Pair& p = kJaPlaces[n % places];
      const OrgPattern& pat = kJaAcademic[n / places];
      o.ja = Replace(pat.ja, "{P}", p.native);
      o.en = Replace(pat.en, "{P}", p.latin);
      o.type = pat.type;
    } else if (n < places * academic + places * Count(kFields)) {
      const std::size_t m = n - places * academic;
      const Pair& p = kJaPlaces[m % places];
      const Field& f = kFields[m / places];
      o.ja = std::string(p.native) + f.ja + "研究所";
      o.en = std::string(p.latin) + " Institute of " + f.en;
      o.type = "research_institute";
    } else {
      std::string kana, latin;
      const std::size_t syllables = 2 + rng.Below(3);
      for (std::size_t i = 0; i < syllables; ++i) {
        const Pair& s = Pick(kSyllables, rng);
        kana += s.native;
        latin += s.latin;
      }
      const Pair& ind = Pick(kJaIndustries, rng);
      o.ja = "株式会社" + kana + ind.native;
      o.en = Capitalise(latin) + " " + ind.latin + " Co., Ltd.";
      o.type = "company";
    }
  } else {
    const std::size_t cities = Count(kCities), academic = Count(kForeignAcademic);
    const City& c = kCities[n % cities];
    o.country = c.country;
    if (n < cities * academic) {
      const OrgPattern& pat = kForeignAcademic[n / cities];
      o.en = Replace(pat.en, "{C}", c.latin);
      o.type = pat.type;
    } else {
      std::string brand;
      const std::size_t syllables = 2 + rng.Below(2);
      for (std::size_t i = 0; i < syllables; ++i) brand += Pick(kLatinBrandSyllables, rng);
      std::string legal = "Co., Ltd.";
      for (int tries = 0; tries < 4; ++tries) {
        const LegalForm& lf = Pick(kLegalForms, rng);
        if (lf.country[0] == '\0' || o.country == lf.country) {
          legal = lf.text;
          break;
        }
      }
      o.en = Capitalise(brand) + " " + Pick(kEnIndustries, rng) + " " + legal;
      o.type = "company";
    }
  }
  return o;
}

}  // namespace

GeneratedDoc Network::Make(std::size_t k) const {
  GeneratedDoc g;
  search::Document& d = g.doc;
  const std::vector<Theme>& themes = Themes();
  if (k < orgs) {
    Rng rng(Mix(seed, 2, k));
    const OrgInfo o = OrgNames(seed, k);
    d.id = "organization:" + std::to_string(k + 1);
    d.type = DocType::kOrganization;
    g.culture = o.country == "JP" ? "ja" : "intl";
    if (!o.ja.empty()) {
      d.names = {o.ja, o.en};
      g.forms = {{o.ja, o.ja.find("株式会社") == 0 ? "kana" : "kanji"}, {o.en, "latin"}};
    } else {
      d.names = {o.en};
      g.forms = {{o.en, "latin"}};
      // The local-language name of "University of X".
      const std::size_t n = k / 2;
      const City& c = kCities[n % Count(kCities)];
      if (k % 2 == 1 && n < Count(kCities) && c.native_university[0] != '\0') {
        d.names.push_back(c.native_university);
        const std::string_view country = c.country;
        const char* script = country == "TH"                                           ? "thai"
                             : country == "KR"                                         ? "hangul"
                             : country == "CN"                                         ? "hanzi"
                             : country == "RU"                                         ? "cyrillic"
                             : (country == "EG" || country == "SA" || country == "JO") ? "arabic"
                                                                                       : "latin";
        g.forms.push_back({c.native_university, script});
      }
    }
    g.latin = o.en;
    d.display_name = d.names.front();
    if (o.type == "university" || o.type == "research_institute" || o.type == "hospital") {
      d.ror = RorOf(k);
    }
    const std::size_t t1 = rng.Zipf(themes.size());
    const std::size_t t2 = rng.Below(themes.size());
    const std::vector<std::string> kw = Keywords(themes[t1].en, 4, rng);
    d.text_en.push_back(o.en + " conducts research and development in " +
                        JoinList(kw, ", ", " and ") + ".");
    if (t2 != t1) {
      d.text_en.push_back("It also collaborates internationally on " +
                          JoinList(Keywords(themes[t2].en, 2, rng), ", ", " and ") + ".");
    }
    if (o.country == "JP") {
      const std::vector<std::string> kwja = Keywords(themes[t1].ja, 3, rng);
      d.text_ja.push_back(o.ja + "は" + JoinList(kwja, "、", "及び") + "の研究開発を行っている。");
    }
    d.facets["country"] = {o.country};
    d.facets["org_type"] = {o.type};
    d.facets["theme"] = {themes[t1].facet};
    if (t2 != t1) d.facets["theme"].push_back(themes[t2].facet);
    return g;
  }

  const std::size_t p = k - orgs;
  Rng rng(Mix(seed, 3, p));
  d.id = "person:" + std::to_string(p + 1);
  d.type = DocType::kPerson;
  const double c = rng.Unit();
  std::string country;
  // Culture shares of the network: a Japanese programme's researchers, alumni and
  // partners across Asia and beyond.
  if (c < 0.30) {
    g.culture = "ja";
    country = "JP";
    const Pair& f = Pick(kJaFamily, rng);
    const Pair& gv = Pick(kJaGiven, rng);
    const std::string native = rng.Chance(0.7) ? std::string(f.native) + gv.native
                                               : std::string(f.native) + " " + gv.native;
    g.latin =
        rng.Chance(0.8) ? std::string(gv.latin) + " " + f.latin : Upper(f.latin) + " " + gv.latin;
    g.forms = {{native, "kanji"}, {g.latin, "latin"}};
  } else if (c < 0.42) {
    g.culture = "zh";
    country = rng.Chance(0.85) ? "CN" : "TW";
    const Pair& f = Pick(kZhFamily, rng);
    const Pair& gv = Pick(kZhGiven, rng);
    g.latin = rng.Chance(0.5) ? std::string(f.latin) + " " + gv.latin
                              : std::string(gv.latin) + " " + f.latin;
    g.forms = {{std::string(f.native) + gv.native, "hanzi"}, {g.latin, "latin"}};
  } else if (c < 0.50) {
    g.culture = "ko";
    country = "KR";
    const Pair& f = Pick(kKoFamily, rng);
    const Pair& gv = Pick(kKoGiven, rng);
    g.latin = rng.Chance(0.5) ? std::string(f.latin) + " " + gv.latin
                              : std::string(gv.latin) + " " + f.latin;
    g.forms = {{std::string(f.native) + gv.native, "hangul"}, {g.latin, "latin"}};
  } else if (c < 0.55) {
    g.culture = "th";
    country = "TH";
    const Pair& gv = Pick(kThGiven, rng);
    const Pair& f = Pick(kThFamily, rng);
    g.latin = std::string(gv.latin) + " " + f.latin;
    g.forms = {{std::string(gv.native) + " " + f.native, "thai"}, {g.latin, "latin"}};
  } else if (c < 0.62) {
    g.culture = "ar";
    country = Pick(kArCountries, rng);
    const Pair& gv = Pick(kArGiven, rng);
    const Pair& f = Pick(kArFamily, rng);
    g.latin = std::string(gv.latin) + " " + f.latin;
    g.forms = {{std::string(gv.native) + " " + f.native, "arabic"}, {g.latin, "latin"}};
  } else if (c < 0.69) {
    g.culture = "ru";
    country = "RU";
    const std::size_t gi = rng.Below(Count(kRuGiven));
    const Pair& f = Pick(kRuFamily, rng);
    std::string fam_native = f.native, fam_latin = f.latin;
    if (gi >= kRuFirstFemale) {
      fam_native += "а";
      fam_latin += "a";
    }
    g.latin = std::string(kRuGiven[gi].latin) + " " + fam_latin;
    g.forms = {{std::string(kRuGiven[gi].native) + " " + fam_native, "cyrillic"},
               {g.latin, "latin"}};
  } else if (c < 0.75) {
    g.culture = "vi";
    country = "VN";
    g.latin = std::string(Pick(kViFamily, rng)) + " " + Pick(kViGiven, rng);
    g.forms = {{g.latin, "latin"}};
  } else if (c < 0.85) {
    g.culture = "eu";
    const EuFamily& f = Pick(kEuFamily, rng);
    country = f.country;
    g.latin = std::string(Pick(kEuGiven, rng)) + " " + f.latin;
    g.forms = {{g.latin, "latin"}};
  } else if (c < 0.92) {
    g.culture = "en";
    country = Pick(kEnCountries, rng);
    const Pair& gv = Pick(kEnGiven, rng);
    const Pair& f = Pick(kEnFamily, rng);
    g.latin = std::string(gv.latin) + " " + f.latin;
    g.forms = {{g.latin, "latin"}};
    if (rng.Chance(0.5)) g.forms.push_back({std::string(gv.native) + "・" + f.native, "kana"});
  } else if (c < 0.96) {
    g.culture = "in";
    country = "IN";
    g.latin = std::string(Pick(kInGiven, rng)) + " " + Pick(kInFamily, rng);
    g.forms = {{g.latin, "latin"}};
  } else {
    g.culture = "id";
    country = "ID";
    g.latin = std::string(Pick(kIdGiven, rng)) + " " + Pick(kIdFamily, rng);
    g.forms = {{g.latin, "latin"}};
  }
  for (const NameForm& f : g.forms) d.names.push_back(f.text);
  d.display_name = d.names.front();

  // Affiliation, themes, keywords.
  const std::size_t org = orgs == 0 ? 0 : rng.Below(orgs);
  const OrgInfo affiliation =
      orgs == 0 ? OrgInfo{"Independent", "", "none", country} : OrgNames(seed, org);
  const std::size_t stage = rng.Below(Count(kStages));
  const std::size_t t1 = rng.Zipf(themes.size());
  const std::size_t t2 = rng.Below(themes.size());
  std::vector<std::string> kw = Keywords(themes[t1].en, 3 + rng.Below(3), rng);
  if (t2 != t1 && rng.Chance(0.4)) {
    for (std::string& s : Keywords(themes[t2].en, 1, rng)) kw.push_back(std::move(s));
  }
  d.text_en.push_back(g.latin + " is a " + kStagesEn[stage] + " researcher at " + affiliation.en +
                      " working on " + kw[0] + (kw.size() > 1 ? " and " + kw[1] : std::string()) +
                      ".");
  d.text_en.push_back("Research interests: " + JoinList(kw, ", ", ", ") + ".");
  static constexpr const char* kTitleForms[] = {"Advances in {A} for {B}", "Towards {A}: a review",
                                                "{A} and {B} in Asia", "A study of {A} using {B}",
                                                "New methods for {A}"};
  for (int i = 0; i < 2; ++i) {
    std::string title = Pick(kTitleForms, rng);
    title = Replace(title, "{A}", kw[rng.Below(kw.size())]);
    title = Replace(title, "{B}", kw[rng.Below(kw.size())]);
    d.text_en.push_back("Publication: " + Capitalise(title) + ".");
  }

  std::string jp_experience;
  if (country == "JP") {
    jp_experience = rng.Chance(0.15) ? "dispatch" : "domestic";
  } else {
    jp_experience = Pick(kJpExperience, rng);
  }
  if (country == "JP" || (jp_experience != "none" && rng.Chance(0.4))) {
    const std::vector<std::string> kwja = Keywords(themes[t1].ja, 2 + rng.Below(2), rng);
    const std::string where = affiliation.ja.empty() ? affiliation.en : affiliation.ja;
    d.text_ja.push_back(where + "の" + kStagesJa[stage] + "。専門は" + JoinList(kwja, "、", "、") +
                        "。" + kwja[0] + "に関する国際共同研究に従事している。");
  }

  d.facets["country"] = {country};
  d.facets["theme"] = {themes[t1].facet};
  if (t2 != t1 && rng.Chance(0.3)) d.facets["theme"].push_back(themes[t2].facet);
  d.facets["career_stage"] = {kStages[stage]};
  d.facets["jp_experience"] = {jp_experience};
  d.facets["org_type"] = {affiliation.type};
  return g;
}

std::string Misspell(std::string_view latin, Rng& rng) {
  // Words and their byte ranges; only ASCII letters are edited.
  std::vector<std::pair<std::size_t, std::size_t>> words;
  std::size_t i = 0;
  while (i < latin.size()) {
    while (i < latin.size() && latin[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < latin.size() && latin[i] != ' ') ++i;
    if (i > start) words.emplace_back(start, i);
  }
  const auto ascii = [&](std::size_t a, std::size_t b) {
    for (std::size_t j = a; j < b; ++j) {
      const char c = latin[j];
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    }
    return true;
  };
  std::vector<std::pair<std::size_t, std::size_t>> candidates;
  for (std::size_t min_len : {std::size_t{5}, std::size_t{4}}) {
    for (const auto& [a, b] : words) {
      if (b - a >= min_len && ascii(a, b)) candidates.emplace_back(a, b);
    }
    if (!candidates.empty()) break;
  }
  if (candidates.empty()) return "";
  const auto [a, b] = candidates[rng.Below(candidates.size())];
  std::string out(latin);
  const std::size_t pos = a + 1 + rng.Below(b - a - 1);  // never the first letter
  static constexpr char kLetters[] = "aeioustnrlkm";
  switch (rng.Below(4)) {
    case 0:  // delete
      out.erase(pos, 1);
      break;
    case 1:  // insert
      out.insert(out.begin() + static_cast<std::ptrdiff_t>(pos), kLetters[rng.Below(12)]);
      break;
    case 2: {  // substitute (with a different letter)
      char c = kLetters[rng.Below(12)];
      if (c == out[pos]) c = c == 'a' ? 'e' : 'a';
      out[pos] = c;
      break;
    }
    default:  // swap with the next letter, or the previous one at the end of the word
      if (pos + 1 < b) {
        std::swap(out[pos], out[pos + 1]);
      } else {
        std::swap(out[pos - 1], out[pos]);
      }
      if (out == latin) out.erase(pos, 1);  // "ll" swapped is no edit
      break;
  }
  return out;
}

}  // namespace asta::bench
