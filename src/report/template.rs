//! A blank activity workbook for inventory compilers (`ghgkit template --out FILE.xlsx`).
//!
//! [`activity_template`] writes an .xlsx with three sheets (named in English or Chinese, see [`Lang`]):
//!
//! - **instructions** (说明): what the workbook is for, every column explained in English and Chinese side
//!   by side (meaning, required or optional, allowed values, three worked examples), the rules (empty is
//!   missing, not zero; categories are IPCC 2006 codes; units), and how to run `ghgkit check` and
//!   `ghgkit inventory` on it;
//! - **activity** (活动数据): the data sheet — only the header row of the tidy layout read by
//!   [`crate::ingest::tidy`], bold and frozen, with a note on every header cell, and data validation with
//!   bilingual input and error messages on rows 2..=[`DATA_ROWS`]; the data area is left empty so that
//!   nobody computes example rows by mistake (the examples are on the instructions sheet, written down the
//!   page so that no reader takes them for data);
//! - **lists** (代码表): the IPCC 2006 categories, the fuels and the units, each an Excel table with a
//!   header; the drop-down lists of the activity sheet refer to their columns through the defined names
//!   [`NAME_CATEGORIES`], [`NAME_FUELS`] and [`NAME_UNITS`] (Excel limits an inline list to 255
//!   characters, far less than these lists).
//!
//! The sheet name `factors` is left free for factor-override sheets. The output is deterministic: the same
//! ghgkit version writes byte-identical templates (the document's creation date is fixed, see
//! [`activity_template`]).

use crate::categories::CategoryTree;
use crate::error::{Error, Result};
use crate::fuels::FuelCatalogue;
use crate::units::{known_units, parse_unit};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, FormatAlign, FormatBorder, Formula, Note, Table, TableColumn, Workbook, Worksheet,
    XlsxError,
};
use std::fmt;
use std::str::FromStr;

/// The language of a template: the headers of the activity sheet, the sheet names, the fuel drop-down and
/// which language comes first in the (always bilingual) texts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English headers (`year, region, category …`); the fuel drop-down offers fuel keys (`raw_coal`).
    #[default]
    En,
    /// Chinese headers (`年份, 地区, 类别 …`); the fuel drop-down offers Chinese names (`原煤`).
    Zh,
}

impl Lang {
    /// `"en"` or `"zh"`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The name of the instructions sheet: `instructions` or `说明`.
    pub fn instructions_sheet(self) -> &'static str {
        self.pick("instructions", "说明")
    }

    /// The name of the data sheet: `activity` or `活动数据`.
    pub fn activity_sheet(self) -> &'static str {
        self.pick("activity", "活动数据")
    }

    /// The name of the code-list sheet: `lists` or `代码表`.
    pub fn lists_sheet(self) -> &'static str {
        self.pick("lists", "代码表")
    }

    /// The header row of the activity sheet, in the order of the tidy layout: `year, region, category,
    /// activity, value, unit, source, note, uncertainty_pct`, or `年份 … 不确定性(%)`. Every spelling is one
    /// that [`crate::ingest::tidy`] reads.
    pub fn headers(self) -> [&'static str; 9] {
        COLUMNS.map(|c| self.pick(c.en, c.zh))
    }

    /// `en` or `zh`, whichever is this language's.
    pub fn pick<T>(self, en: T, zh: T) -> T {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// Both texts, this language's first, on two lines.
    fn bi(self, en: &str, zh: &str) -> String {
        match self {
            Lang::En => format!("{en}\n{zh}"),
            Lang::Zh => format!("{zh}\n{en}"),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;

    /// `en`, `english`, `zh`, `cn`, `chinese`, `中文` (case-insensitive).
    fn from_str(s: &str) -> std::result::Result<Lang, String> {
        match s.trim().to_lowercase().as_str() {
            "en" | "english" => Ok(Lang::En),
            "zh" | "cn" | "chinese" | "中文" => Ok(Lang::Zh),
            other => Err(format!("unknown language \"{other}\": expected en or zh")),
        }
    }
}

/// The last row (1-based, as Excel counts) of the activity sheet that carries drop-down lists and checks;
/// rows below are still read by ghgkit, only without checks while typing.
pub const DATA_ROWS: u32 = 10_000;

/// Defined name of the category codes on the lists sheet (the category drop-down).
pub const NAME_CATEGORIES: &str = "ghgkit_categories";
/// Defined name of the fuel keys (English template) or Chinese fuel names (Chinese template) on the lists
/// sheet (the activity drop-down).
pub const NAME_FUELS: &str = "ghgkit_fuels";
/// Defined name of the units on the lists sheet (the unit drop-down).
pub const NAME_UNITS: &str = "ghgkit_units";

/// One column of the activity sheet.
#[derive(Clone, Copy)]
struct Column {
    en: &'static str,
    zh: &'static str,
    required: bool,
    width: f64,
}

const COLUMNS: [Column; 9] = [
    Column {
        en: "year",
        zh: "年份",
        required: true,
        width: 8.0,
    },
    Column {
        en: "region",
        zh: "地区",
        required: true,
        width: 12.0,
    },
    Column {
        en: "category",
        zh: "类别",
        required: true,
        width: 13.0,
    },
    Column {
        en: "activity",
        zh: "活动",
        required: true,
        width: 24.0,
    },
    Column {
        en: "value",
        zh: "数值",
        required: true,
        width: 14.0,
    },
    Column {
        en: "unit",
        zh: "单位",
        required: true,
        width: 12.0,
    },
    Column {
        en: "source",
        zh: "来源",
        required: false,
        width: 36.0,
    },
    Column {
        en: "note",
        zh: "备注",
        required: false,
        width: 30.0,
    },
    Column {
        en: "uncertainty_pct",
        zh: "不确定性(%)",
        required: false,
        width: 16.0,
    },
];

// Column indices of the activity sheet.
const YEAR: u16 = 0;
const REGION: u16 = 1;
const CATEGORY: u16 = 2;
const ACTIVITY: u16 = 3;
const VALUE: u16 = 4;
const UNIT: u16 = 5;
const SOURCE: u16 = 6;
const NOTE: u16 = 7;
// 8 = uncertainty_pct: the `_` arm of the matches below.

// Column layout of the lists sheet: three tables side by side, one empty column between them.
const L_CAT: u16 = 0; // A..D: code, title (English), title (Chinese), memo
const L_FUEL: u16 = 5; // F..J: key, name (English), name (Chinese), group, default unit
const L_UNIT: u16 = 11; // L..O: unit, kind, equals, canonical unit

fn xerr(e: XlsxError) -> Error {
    Error::Internal(format!("writing the activity template: {e}"))
}

/// Everything the texts of the workbook need to know about it.
struct Ctx {
    lang: Lang,
    lists: &'static str,
    activity: &'static str,
    n_categories: usize,
    n_fuels: usize,
    n_units: usize,
}

/// What each column means, long form (header notes and the instructions sheet): (English, Chinese).
fn about(c: &Ctx, col: u16) -> (String, String) {
    let lists = c.lists;
    let (en, zh): (String, String) = match col {
        YEAR => (
            "Required. The calendar year the activity data refer to: a whole number between 1900 and 2200, e.g. 2019.".into(),
            "必填。活动水平数据所属的年份: 1900 至 2200 之间的整数, 如 2019。".into(),
        ),
        REGION => (
            "Required. The province or city the data cover, e.g. Hubei or 湖北. Spell it the same way in every row: results are grouped by this text.".into(),
            "必填。数据所属的省份或城市, 如 湖北 或 Hubei。各行写法须一致: 结果按此文字分组。".into(),
        ),
        CATEGORY => (
            format!("Required. The IPCC 2006 category code, e.g. 1.A.1.a (Main Activity Electricity and Heat Production). Choose it from the drop-down, which offers the codes; their English and Chinese titles are on the sheet {lists}, columns A–C. 1A1a is read too. ghgkit computes every sector: energy (1.A, 1.B), industrial processes (2), agriculture, land use and forestry (3) and waste (4); the activity keys outside energy are on the sheet {lists} with the fuels."),
            format!("必填。IPCC 2006 排放源类别代码, 如 1.A.1.a (主要活动电力和热力生产)。从下拉列表选择代码; 代码的中英文名称见 {lists} 工作表 A–C 列。也可写作 1A1a。ghgkit 计算全部门: 能源 (1.A、1.B)、工业过程 (2)、农业及土地利用和林业 (3)、废弃物 (4); 能源以外的活动代码与燃料一起列在 {lists} 工作表。"),
        ),
        ACTIVITY => (
            match c.lang {
                Lang::En => format!("Required. The fuel burned: a fuel key from the drop-down (e.g. raw_coal, natural_gas); its English, Chinese, IPCC or yearbook name is read too (Raw Coal, 原煤, Other Bituminous Coal, 柴油 …). All {} fuels with their names and usual units are on the sheet {lists}, columns F–J.", c.n_fuels),
                Lang::Zh => format!("Required. The fuel burned: a Chinese fuel name from the drop-down (e.g. 原煤, 天然气); the fuel key, English, IPCC or yearbook name is read too (raw_coal, Other Bituminous Coal …). All {} fuels with their names and usual units are on the sheet {lists}, columns F–J.", c.n_fuels),
            },
            match c.lang {
                Lang::En => format!("必填。燃烧的燃料品种: 从下拉列表选择燃料代码 (如 raw_coal、natural_gas); 也可写中文名、英文名、IPCC 名称或统计年鉴名称 (原煤、柴油、Other Bituminous Coal …)。全部 {} 种燃料及其名称和常用单位见 {lists} 工作表 F–J 列。", c.n_fuels),
                Lang::Zh => format!("必填。燃烧的燃料品种: 从下拉列表选择中文名称 (如 原煤、天然气); 也可写燃料代码、英文名、IPCC 名称或统计年鉴名称 (raw_coal、Other Bituminous Coal …)。全部 {} 种燃料及其名称和常用单位见 {lists} 工作表 F–J 列。", c.n_fuels),
            },
        ),
        VALUE => (
            "Required. The amount of fuel, in the unit of the next column: a number ≥ 0, e.g. 3500. Leave the cell empty when the figure is missing: an empty cell (or —) is missing, never zero. Write 0 only for a true zero.".into(),
            "必填。燃料消费量, 单位见下一列: ≥ 0 的数值, 如 3500。数据缺失时请留空: 空单元格 (或 —) 表示缺失, 不表示零。确为零时才填 0。".into(),
        ),
        UNIT => (
            format!("Required. The unit of value: mass (t, 万吨, kt, Gg), volume (m3, 万立方米, 亿立方米) or energy (TJ, GJ, tce, 万吨标准煤, 百亿千焦). Choose it from the drop-down; the {} units with their size are on the sheet {lists}, columns L–O. Other spellings (10^4 t, 104 tons …) are read too: ghgkit check tells.", c.n_units),
            format!("必填。数值的单位: 质量 (t、万吨、kt、Gg)、体积 (m3、万立方米、亿立方米) 或能量 (TJ、GJ、tce、万吨标准煤、百亿千焦)。从下拉列表选择; {} 个单位及其大小见 {lists} 工作表 L–O 列。其他写法 (10^4 t 等) 也可识别: 用 ghgkit check 检查。", c.n_units),
        ),
        SOURCE => (
            "Optional, recommended. Where the figure comes from: document, table and page, e.g. Hubei Statistical Yearbook 2020, Table 6-…, p. …. Read and kept with the row; recommended, so that every figure can be traced to where it came from.".into(),
            "选填, 建议填写。数据来源: 文献、表号和页码, 如 《湖北统计年鉴 2020》表 6-…, 第 … 页。读取后随该行保存; 建议填写, 以便每个数据都能追溯来源。".into(),
        ),
        NOTE => (
            "Optional. Any remark about the row: how the figure was estimated, what it includes.".into(),
            "选填。关于该行的任何说明: 数据如何估算、包括哪些内容。".into(),
        ),
        _ => (
            "Optional. The uncertainty of value, ± percent at 95 % confidence: a number between 0 and 1000, e.g. 5 for ±5 %. Used by the uncertainty analysis (uncertainty.csv; IPCC 2006 Vol. 1 Ch. 3); left empty, the default range of the row's category applies.".into(),
            "选填。数值的不确定性, 95% 置信水平下的 ± 百分比: 0 至 1000 之间的数值, 如 5 表示 ±5%。用于不确定性分析 (uncertainty.csv; IPCC 2006 第 1 卷第 3 章); 留空则采用该类别的默认范围。".into(),
        ),
    };
    (en, zh)
}

/// The data validation of one column of the activity sheet.
fn validation(c: &Ctx, col: u16) -> std::result::Result<DataValidation, XlsxError> {
    let l = c.lang;
    let lists = c.lists;
    let title = |en: &str, zh: &str| l.bi(en, zh).replace('\n', " ");
    let keep = |en: &str, zh: &str| l.bi(en, zh);
    let dv = match col {
        YEAR => DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(1900, 2200))
            .set_input_title(title("year", "年份"))?
            .set_input_message(keep(
                "Required. A whole year 1900–2200, e.g. 2019.",
                "必填。1900–2200 之间的整数年份, 如 2019。",
            ))?
            .set_error_title(title("Not a year", "不是年份"))?
            .set_error_message(keep(
                "The year must be a whole number between 1900 and 2200.",
                "年份须为 1900 至 2200 之间的整数。",
            ))?,
        REGION => DataValidation::new()
            .allow_any_value()
            .set_input_title(title("region", "地区"))?
            .set_input_message(keep(
                "Required. Province or city, e.g. Hubei; the same spelling in every row.",
                "必填。省份或城市, 如 湖北; 各行写法一致。",
            ))?,
        CATEGORY => DataValidation::new()
            .allow_list_formula(Formula::new(format!("={NAME_CATEGORIES}")))
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_input_title(title("category", "类别"))?
            .set_input_message(keep(
                &format!("Required. IPCC 2006 code from the list, e.g. 1.A.1.a. Titles: sheet {lists}."),
                &format!("必填。IPCC 2006 类别代码, 如 1.A.1.a。名称见 {lists} 工作表。"),
            ))?
            .set_error_title(title("Not a listed code", "不在列表中"))?
            .set_error_message(keep(
                "Not a code from the list. ghgkit also reads 1A1a or the English title, but the code is safest. Keep it?",
                "不是列表中的代码。ghgkit 也能识别 1A1a 或英文名称, 但最好填写代码。仍要保留?",
            ))?,
        ACTIVITY => DataValidation::new()
            .allow_list_formula(Formula::new(format!("={NAME_FUELS}")))
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_input_title(title("activity (fuel)", "活动 (燃料)"))?
            .set_input_message(keep(
                &format!("Required. Fuel from the list, e.g. raw_coal or 原煤. Names: sheet {lists}."),
                &format!("必填。列表中的燃料, 如 原煤 或 raw_coal。名称见 {lists} 工作表。"),
            ))?
            .set_error_title(title("Not a listed fuel", "不在列表中"))?
            .set_error_message(keep(
                "Not in the list. ghgkit also reads English, IPCC and yearbook names; ghgkit check tells. Keep it?",
                "不在列表中。ghgkit 也能识别英文、IPCC 和统计年鉴名称, 可用 ghgkit check 检查。仍要保留?",
            ))?,
        VALUE => DataValidation::new()
            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
            .set_input_title(title("value", "数值"))?
            .set_input_message(keep(
                "Required. Amount ≥ 0 in the unit of column F. Empty = missing, not zero.",
                "必填。≥ 0 的数量, 单位见 F 列。留空 = 缺失, 不是零。",
            ))?
            .set_error_title(title("Not an amount", "不是有效数量"))?
            .set_error_message(keep(
                "Enter a number ≥ 0, or leave the cell empty when the figure is missing.",
                "请填写 ≥ 0 的数值; 数据缺失时请留空。",
            ))?,
        UNIT => DataValidation::new()
            .allow_list_formula(Formula::new(format!("={NAME_UNITS}")))
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_input_title(title("unit", "单位"))?
            .set_input_message(keep(
                "Required. Unit of value, e.g. 万吨, t, 亿立方米, TJ, tce.",
                "必填。数值的单位, 如 万吨、t、亿立方米、TJ、tce。",
            ))?
            .set_error_title(title("Not a listed unit", "不在列表中"))?
            .set_error_message(keep(
                "Not in the list. ghgkit reads many more spellings; ghgkit check tells. Keep it?",
                "不在列表中。ghgkit 能识别更多写法, 可用 ghgkit check 检查。仍要保留?",
            ))?,
        SOURCE => DataValidation::new()
            .allow_any_value()
            .set_input_title(title("source", "来源"))?
            .set_input_message(keep(
                "Optional, recommended. Document, table, page.",
                "选填, 建议填写。文献、表号、页码。",
            ))?,
        NOTE => DataValidation::new()
            .allow_any_value()
            .set_input_title(title("note", "备注"))?
            .set_input_message(keep("Optional. Any remark.", "选填。任何说明。"))?,
        _ => DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(0.0, 1000.0))
            .set_input_title(title("uncertainty (%)", "不确定性(%)"))?
            .set_input_message(keep(
                "Optional. ± % at 95 % confidence, 0–1000, e.g. 5.",
                "选填。95% 置信水平下的 ± 百分比, 0–1000, 如 5。",
            ))?
            .set_error_title(title("Not a percentage", "不是百分比"))?
            .set_error_message(keep(
                "Enter a number between 0 and 1000 (percent), or leave the cell empty.",
                "请填写 0 至 1000 之间的数值 (百分比), 或留空。",
            ))?,
    };
    Ok(dv)
}

/// Three example rows, written down the page on the instructions sheet (one column per example).
fn examples(lang: Lang) -> [[Example; 9]; 3] {
    use Example::{Empty as E, Num as N, Text as T};
    let region = lang.pick("Hubei", "湖北");
    let src = lang.pick(
        "Hubei Statistical Yearbook 2020, Table 6-…, p. …",
        "《湖北统计年鉴 2020》表 6-…, 第 … 页",
    );
    let note = lang.pick(
        "illustrative figure, not a statistic",
        "示意数值, 非统计数据",
    );
    [
        [
            N(2019.0),
            T(region),
            T("1.A.1.a"),
            T(lang.pick("raw_coal", "原煤")),
            N(3500.0),
            T("万吨"),
            T(src),
            T(note),
            N(5.0),
        ],
        [
            N(2019.0),
            T(region),
            T("1.A.3.b"),
            T(lang.pick("gas_diesel_oil", "柴油")),
            N(600.0),
            T("万吨"),
            T(src),
            T(note),
            N(10.0),
        ],
        [
            N(2019.0),
            T(region),
            T("1.A.4.b"),
            T(lang.pick("natural_gas", "天然气")),
            N(12.5),
            T("亿立方米"),
            T(src),
            T(note),
            E,
        ],
    ]
}

#[derive(Clone, Copy)]
enum Example {
    Text(&'static str),
    Num(f64),
    Empty,
}

/// The formats of the workbook.
struct Formats {
    title: Format,
    section: Format,
    label: Format,
    text: Format,
    example: Format,
    header_required: Format,
    header_optional: Format,
    list_text: Format,
}

impl Formats {
    fn new() -> Formats {
        let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            section: Format::new()
                .set_bold()
                .set_background_color("#DDEBF7")
                .set_border_bottom(FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            label: text.clone().set_bold(),
            example: text
                .clone()
                .set_background_color("#FFF2CC")
                .set_font_color("#595959")
                .set_align(FormatAlign::Left),
            text,
            header_required: Format::new()
                .set_bold()
                .set_background_color("#D9E1F2")
                .set_border_bottom(FormatBorder::Medium),
            header_optional: Format::new()
                .set_bold()
                .set_background_color("#EDEDED")
                .set_border_bottom(FormatBorder::Medium),
            list_text: Format::new().set_align(FormatAlign::Top),
        }
    }
}

/// A blank activity workbook (.xlsx bytes) for `lang`: sheets instructions, activity and lists, as the
/// [module documentation](self) describes.
///
/// The bytes depend only on `lang` and on the ghgkit version (its category tree, fuel catalogue and
/// units): the document's creation date is fixed at 2024-01-01 so that the same version always writes the
/// same file.
///
/// ```
/// use ghgkit::report::template::{Lang, activity_template};
/// let bytes = activity_template(Lang::Zh).unwrap();
/// assert!(bytes.starts_with(b"PK")); // an .xlsx is a zip archive
/// ```
pub fn activity_template(lang: Lang) -> Result<Vec<u8>> {
    build(lang).map_err(xerr)
}

fn build(lang: Lang) -> std::result::Result<Vec<u8>, XlsxError> {
    let tree = CategoryTree::ipcc2006();
    let fuels = FuelCatalogue::builtin();
    let units = known_units();
    let ctx = Ctx {
        lang,
        lists: lang.lists_sheet(),
        activity: lang.activity_sheet(),
        n_categories: tree.len(),
        n_fuels: fuels.len(),
        n_units: units.len(),
    };
    let f = Formats::new();
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(lang.pick("ghgkit activity data template", "ghgkit 活动水平数据模板"))
            .set_author("ghgkit")
            .set_comment(format!(
                "Written by ghgkit {} (ghgkit template --lang {lang}).",
                env!("CARGO_PKG_VERSION")
            ))
            .set_creation_datetime(&created),
    );

    instructions_sheet(wb.add_worksheet(), &ctx, &f)?;
    activity_sheet(wb.add_worksheet(), &ctx, &f)?;
    lists_sheet(wb.add_worksheet(), &ctx, &f)?;

    // The drop-down lists: whole columns of the lists tables, through defined names.
    let range = |col: u16, n: usize| {
        let letter = column_letter(col);
        format!("='{}'!${letter}$2:${letter}${}", ctx.lists, n + 1)
    };
    let fuel_col = L_FUEL + lang.pick(0, 2);
    wb.define_name(NAME_CATEGORIES, &range(L_CAT, ctx.n_categories))?;
    wb.define_name(NAME_FUELS, &range(fuel_col, ctx.n_fuels))?;
    wb.define_name(NAME_UNITS, &range(L_UNIT, ctx.n_units))?;
    wb.save_to_buffer()
}

/// The column letters of a 0-based column index (A, B, … Z, AA …).
fn column_letter(col: u16) -> String {
    let a1 = crate::error::a1(0, col as u32);
    a1.trim_end_matches('1').to_string()
}

fn instructions_sheet(
    ws: &mut Worksheet,
    c: &Ctx,
    f: &Formats,
) -> std::result::Result<(), XlsxError> {
    let l = c.lang;
    ws.set_name(l.instructions_sheet())?;
    for (col, w) in [
        (0, 22.0),
        (1, 62.0),
        (2, 50.0),
        (3, 20.0),
        (4, 20.0),
        (5, 20.0),
    ] {
        ws.set_column_width(col, w)?;
    }
    let mut r: u32 = 0;
    // A row of label + the two languages, this template's language in column B.
    let para = |ws: &mut Worksheet,
                r: &mut u32,
                label: &str,
                en: &str,
                zh: &str|
     -> std::result::Result<(), XlsxError> {
        let (first, second) = l.pick((en, zh), (zh, en));
        ws.write_string_with_format(*r, 0, label, &f.label)?;
        ws.write_string_with_format(*r, 1, first, &f.text)?;
        ws.write_string_with_format(*r, 2, second, &f.text)?;
        *r += 1;
        Ok(())
    };
    let section = |ws: &mut Worksheet,
                   r: &mut u32,
                   en: &str,
                   zh: &str|
     -> std::result::Result<(), XlsxError> {
        *r += 1;
        ws.write_string_with_format(*r, 0, l.bi(en, zh).replace('\n', " / "), &f.section)?;
        for col in 1..=5 {
            ws.write_blank(*r, col, &f.section)?;
        }
        *r += 1;
        Ok(())
    };

    let (lists, activity, instructions) = (c.lists, c.activity, l.instructions_sheet());
    let version = env!("CARGO_PKG_VERSION");
    ws.write_string_with_format(
        r,
        0,
        l.bi("ghgkit activity data template", "ghgkit 活动水平数据模板")
            .replace('\n', " / "),
        &f.title,
    )?;
    r += 1;
    para(
        ws,
        &mut r,
        "version 版本",
        &format!(
            "Written by ghgkit {version} (ghgkit template --lang {l}). The lists on the sheet {lists} are those of this version."
        ),
        &format!(
            "由 ghgkit {version} 生成 (ghgkit template --lang {l})。{lists} 工作表中的代码表与该版本一致。"
        ),
    )?;

    section(ws, &mut r, "What this workbook is for", "用途")?;
    para(
        ws,
        &mut r,
        "purpose 用途",
        &format!(
            "Fill the sheet {activity} with the fuel-combustion activity data of your province or city — one row per region × year × category × fuel — and ghgkit computes the CO2, CH4 and N2O emissions following the 2006 IPCC Guidelines (Vol. 2, Ch. 2, sectoral approach)."
        ),
        &format!(
            "在 {activity} 工作表中填写本省或本市的燃料燃烧活动水平数据 (每个 地区 × 年份 × 类别 × 燃料 一行), ghgkit 即按《2006 年 IPCC 国家温室气体清单指南》(第 2 卷第 2 章, 部门方法) 计算 CO2、CH4 和 N2O 排放。"
        ),
    )?;
    para(
        ws,
        &mut r,
        "sheets 工作表",
        &format!(
            "{instructions}: this page. {activity}: your data — the header in row 1, your rows from row 2; drop-down lists and checks on rows 2 to {DATA_ROWS} (rows below are read too, without checks). {lists}: the allowed codes — IPCC 2006 categories, fuels and units."
        ),
        &format!(
            "{instructions}: 本页。{activity}: 您的数据 — 第 1 行为表头, 从第 2 行起填写; 第 2 至 {DATA_ROWS} 行有下拉列表和输入检查 (其下各行也会读取, 但无检查)。{lists}: 可用的代码 — IPCC 2006 类别、燃料和单位。"
        ),
    )?;

    section(ws, &mut r, "How to use it", "使用步骤")?;
    para(
        ws,
        &mut r,
        "1  fill 填写",
        &format!(
            "Fill the sheet {activity}, one row per region, year, category and fuel. Keep the header row as it is: its words are what ghgkit looks for. Do not merge cells. You may add sheets of your own (e.g. one per year) with the same header: ghgkit reads every sheet that has it."
        ),
        &format!(
            "填写 {activity} 工作表, 每个 地区、年份、类别、燃料 一行。请勿修改表头: ghgkit 依据表头文字识别各列。请勿合并单元格。可自行添加表头相同的工作表 (如每年一张): ghgkit 会读取所有带此表头的工作表。"
        ),
    )?;
    para(
        ws,
        &mut r,
        "2  check 检查",
        &format!(
            "ghgkit check FILE.xlsx — lists every problem at once, each with its sheet and cell (e.g. FILE.xlsx › {activity} › C7), and the nearest valid value where it can guess one. The sheets {instructions} and {lists} are skipped without a word. On the blank template it reports that there is no activity data yet."
        ),
        &format!(
            "ghgkit check FILE.xlsx — 一次列出所有问题, 并注明工作表和单元格 (如 FILE.xlsx › {activity} › C7), 能推测时给出最接近的有效值。它也会提示跳过了 {instructions} 和 {lists} 工作表: 这是正常的。对空白模板, 它会报告尚无活动水平数据。"
        ),
    )?;
    para(
        ws,
        &mut r,
        "3  compute 计算",
        "ghgkit inventory FILE.xlsx --out results — writes results/inventory.csv (one row per region × year × category × fuel × gas, with the factors used, their sources and the cell each figure came from) and a chart. Options: --factor-set china or ipcc2006, --gwp AR5 or AR6 …; see ghgkit inventory --help.",
        "ghgkit inventory FILE.xlsx --out results — 生成 results/inventory.csv (每个 地区 × 年份 × 类别 × 燃料 × 气体 一行, 含所用排放因子及其来源、每个数据所在单元格) 和图表。选项: --factor-set china 或 ipcc2006, --gwp AR5 或 AR6 等; 详见 ghgkit inventory --help。",
    )?;

    section(
        ws,
        &mut r,
        &format!("The columns of the sheet {activity}"),
        &format!("{activity} 工作表的列"),
    )?;
    let heads = [
        l.bi("column", "列").replace('\n', " "),
        l.pick("English", "中文").to_string(),
        l.pick("中文", "English").to_string(),
        l.bi("example 1", "示例 1").replace('\n', " "),
        l.bi("example 2", "示例 2").replace('\n', " "),
        l.bi("example 3", "示例 3").replace('\n', " "),
    ];
    for (col, h) in heads.iter().enumerate() {
        ws.write_string_with_format(r, col as u16, h, &f.label)?;
    }
    r += 1;
    let ex = examples(l);
    for (i, col) in COLUMNS.iter().enumerate() {
        // Both header spellings are read; this template uses the first.
        let label = format!("{} | {}", l.pick(col.en, col.zh), l.pick(col.zh, col.en));
        let (en, zh) = about(c, i as u16);
        para(ws, &mut r, &label, &en, &zh)?;
        let row = r - 1;
        for (k, e) in ex.iter().enumerate() {
            let cc = 3 + k as u16;
            match e[i] {
                Example::Text(t) => ws.write_string_with_format(row, cc, t, &f.example)?,
                Example::Num(n) => ws.write_number_with_format(row, cc, n, &f.example)?,
                Example::Empty => ws.write_blank(row, cc, &f.example)?,
            };
        }
    }
    para(
        ws,
        &mut r,
        "examples 示例",
        &format!(
            "Each example column (D–F) is one row of the sheet {activity}, written down the page here so that it is not read as data. The figures are illustrative, not statistics: do not copy them unless they are your data."
        ),
        &format!(
            "每个示例列 (D–F) 对应 {activity} 工作表中的一行, 此处纵向书写, 以免被当作数据读取。数值仅为示意, 并非统计数据: 除非确为您的数据, 请勿照抄。"
        ),
    )?;

    section(ws, &mut r, "Rules", "规则")?;
    para(
        ws,
        &mut r,
        "missing 缺失",
        "An empty cell is missing, not zero. — (dash), …, n/a are read as missing too. A row whose value is missing is skipped with a warning. Write 0 only for a true zero.",
        "空单元格表示缺失, 不表示零。— (破折号)、…、n/a 同样视为缺失。数值缺失的行会被跳过并给出警告。确为零时才填 0。",
    )?;
    para(
        ws,
        &mut r,
        "categories 类别",
        &format!(
            "Categories are the codes of the 2006 IPCC Guidelines (Vol. 1, Ch. 8, Table 8.2), e.g. 1.A.1.a. The drop-down offers the {} codes only; their English and Chinese titles are on the sheet {lists}, columns A–C. ghgkit computes every sector: fuel combustion (1.A) with heating values and carbon contents; industrial processes, agriculture, land use and forestry and waste by the equations of the 2006 IPCC Guidelines (cement, glass, manure management, rice, managed soils, forest gain − loss, first-order decay of landfills, wastewater …), with the optional columns season_days, pre_season, organic_amendment (rice), manure_system (manure N2O) and sludge_removed (wastewater); other codes as activity × emission factor where the factor sets hold one (fugitive emissions, 1.B); a code without a factor is reported by ghgkit inventory, never left out silently. Memo items (international bunkers 1.A.3.a.i and 1.A.3.d.i, multilateral operations 1.A.5.c) are computed and reported, never counted in totals. The Chinese titles are translations not yet checked one by one against the official Chinese edition.",
            c.n_categories
        ),
        &format!(
            "类别采用《2006 年 IPCC 指南》(第 1 卷第 8 章表 8.2) 的代码, 如 1.A.1.a。下拉列表只提供 {} 个代码; 代码的中文和英文名称见 {lists} 工作表 A–C 列。ghgkit 计算全部门: 燃料燃烧 (1.A) 按热值和含碳量计算; 工业过程、农业、土地利用和林业、废弃物按《2006 年 IPCC 指南》的公式计算 (水泥、玻璃、粪便管理、水稻、农用地、森林增长-损失、填埋一阶衰减、废水等), 可选列 season_days、pre_season、organic_amendment (水稻)、manure_system (粪便 N2O)、sludge_removed (废水); 其他代码在因子集有排放因子时按“活动水平 × 排放因子”计算 (如逃逸排放 1.B); 缺少因子的代码由 ghgkit inventory 报告, 不会被静默遗漏。备忘项 (国际燃料舱 1.A.3.a.i、1.A.3.d.i, 多边行动 1.A.5.c) 会计算并报告, 但不计入总量。中文名称为译名, 未经逐一核对。",
            c.n_categories
        ),
    )?;
    para(
        ws,
        &mut r,
        "fuels 燃料",
        &format!(
            "Fuels are listed on the sheet {lists}, columns F–J (key, English name, Chinese name, group, usual unit). ghgkit reads the key or any of the names. The CO2 of biomass (group biomass) is a memo item. Heat and electricity (group secondary) are not burned: ghgkit inventory refuses them, their emissions being counted where the fuels that made them were burned."
        ),
        &format!(
            "燃料见 {lists} 工作表 F–J 列 (代码、英文名、中文名、类别、常用单位)。ghgkit 可识别代码或任一名称。生物质 (biomass) 燃烧的 CO2 为备忘项。热力和电力 (secondary) 不是被燃烧的燃料: ghgkit inventory 会拒绝, 其排放计入生产它们的燃料燃烧处。"
        ),
    )?;
    para(
        ws,
        &mut r,
        "units 单位",
        &format!(
            "A fuel is measured in mass, volume or energy. The accepted units, with their size in t, m3 or TJ, are on the sheet {lists}, columns L–O: {}. Chinese statistical units (万吨, 亿立方米, 万吨标准煤, 百亿千焦) are read as written; ghgkit converts them.",
            known_units().join(", ")
        ),
        &format!(
            "燃料以质量、体积或能量计量。可用单位及其折合 t、m3 或 TJ 的大小见 {lists} 工作表 L–O 列: {}。统计资料中的单位 (万吨、亿立方米、万吨标准煤、百亿千焦) 可直接填写, 由 ghgkit 换算。",
            known_units().join(", ")
        ),
    )?;
    para(
        ws,
        &mut r,
        "duplicates 重复",
        "One row per region, year, category and fuel: a second row with the same four is an error. Sum them in one row, or use a finer category.",
        "每个 地区、年份、类别、燃料 只能有一行: 四者相同的第二行会报错。请合并为一行, 或使用更细的类别。",
    )?;
    para(
        ws,
        &mut r,
        "header 表头",
        "English headers (year, region, category, activity, value, unit, source, note, uncertainty_pct) and Chinese headers (年份, 地区, 类别, 活动, 数值, 单位, 来源, 备注, 不确定性(%)) are both read; the header may sit below title rows.",
        "英文表头 (year, region, category, activity, value, unit, source, note, uncertainty_pct) 和中文表头 (年份、地区、类别、活动、数值、单位、来源、备注、不确定性(%)) 均可识别; 表头上方可以有标题行。",
    )?;
    Ok(())
}

fn activity_sheet(ws: &mut Worksheet, c: &Ctx, f: &Formats) -> std::result::Result<(), XlsxError> {
    let l = c.lang;
    ws.set_name(c.activity)?;
    for (i, (col, head)) in COLUMNS.iter().zip(l.headers()).enumerate() {
        let i = i as u16;
        ws.set_column_width(i, col.width)?;
        let fmt = if col.required {
            &f.header_required
        } else {
            &f.header_optional
        };
        ws.write_string_with_format(0, i, head, fmt)?;
        let (en, zh) = about(c, i);
        let text = format!(
            "{}\n\n{}",
            l.pick(format!("{} — {en}", col.en), format!("{} — {zh}", col.zh)),
            l.pick(format!("{} — {zh}", col.zh), format!("{} — {en}", col.en))
        );
        let chars = text.chars().count() as u32;
        let note = Note::new(text)
            .set_author("ghgkit")
            .add_author_prefix(false)
            .set_width(420)
            .set_height(40 + 16 * (chars / 40));
        ws.insert_note(0, i, &note)?;
        ws.add_data_validation(1, i, DATA_ROWS - 1, i, &validation(c, i)?)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn lists_sheet(ws: &mut Worksheet, c: &Ctx, f: &Formats) -> std::result::Result<(), XlsxError> {
    let l = c.lang;
    ws.set_name(c.lists)?;
    let h = |en: &str, zh: &str| l.bi(en, zh).replace('\n', " ");
    let column = |en: &str, zh: &str| TableColumn::new().set_header(h(en, zh));

    // IPCC 2006 categories.
    let tree = CategoryTree::ipcc2006();
    for (i, cat) in tree.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string_with_format(r, L_CAT, &cat.code, &f.list_text)?;
        ws.write_string_with_format(r, L_CAT + 1, &cat.title_en, &f.list_text)?;
        ws.write_string_with_format(r, L_CAT + 2, &cat.title_zh, &f.list_text)?;
        if cat.memo {
            ws.write_string_with_format(r, L_CAT + 3, "memo 备忘项", &f.list_text)?;
        }
    }
    let table = Table::new()
        .set_name("ghgkit_category_table")
        .set_columns(&[
            column("IPCC 2006 code", "IPCC 2006 代码"),
            column("title (English)", "英文名称"),
            column("title (Chinese)", "中文名称"),
            column("memo item", "备忘项"),
        ]);
    ws.add_table(0, L_CAT, c.n_categories as u32, L_CAT + 3, &table)?;

    // Fuels.
    for (i, fuel) in FuelCatalogue::builtin().iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, L_FUEL, &fuel.key)?;
        ws.write_string(r, L_FUEL + 1, &fuel.name_en)?;
        ws.write_string(r, L_FUEL + 2, &fuel.name_zh)?;
        ws.write_string(r, L_FUEL + 3, fuel.group.as_str())?;
        ws.write_string(r, L_FUEL + 4, &fuel.default_unit)?;
    }
    let table = Table::new().set_name("ghgkit_fuel_table").set_columns(&[
        column("fuel key", "燃料代码"),
        column("name (English)", "英文名称"),
        column("name (Chinese)", "中文名称"),
        column("group", "类别"),
        column("usual unit", "常用单位"),
    ]);
    ws.add_table(0, L_FUEL, c.n_fuels as u32, L_FUEL + 4, &table)?;

    // Units, with their size in the canonical unit of their kind.
    for (i, u) in known_units().into_iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, L_UNIT, u)?;
        if let Ok(p) = parse_unit(u) {
            ws.write_string(r, L_UNIT + 1, p.dimension.name())?;
            ws.write_number(r, L_UNIT + 2, p.scale)?;
            ws.write_string(r, L_UNIT + 3, p.dimension.canonical_symbol())?;
        }
    }
    let table = Table::new().set_name("ghgkit_unit_table").set_columns(&[
        column("unit", "单位"),
        column("kind", "量"),
        column("1 unit equals", "1 单位等于"),
        column("canonical unit", "基准单位"),
    ]);
    ws.add_table(0, L_UNIT, c.n_units as u32, L_UNIT + 3, &table)?;

    for (col, w) in [
        (L_CAT, 16.0),
        (L_CAT + 1, 48.0),
        (L_CAT + 2, 30.0),
        (L_CAT + 3, 12.0),
        (L_CAT + 4, 3.0),
        (L_FUEL, 30.0),
        (L_FUEL + 1, 34.0),
        (L_FUEL + 2, 18.0),
        (L_FUEL + 3, 14.0),
        (L_FUEL + 4, 14.0),
        (L_FUEL + 5, 3.0),
        (L_UNIT, 14.0),
        (L_UNIT + 1, 16.0),
        (L_UNIT + 2, 16.0),
        (L_UNIT + 3, 16.0),
    ] {
        ws.set_column_width(col, w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Table as Sheet;
    use crate::ingest::tidy::{Column as TidyColumn, find_header};

    #[test]
    fn headers_are_read_by_the_tidy_reader_in_both_languages() {
        for lang in [Lang::En, Lang::Zh] {
            let table = Sheet {
                file: "t.xlsx".into(),
                sheet: Some(lang.activity_sheet().into()),
                first_row: 0,
                first_col: 0,
                merged: Vec::new(),
                rows: vec![
                    lang.headers()
                        .iter()
                        .map(|h| crate::ingest::Cell::Text((*h).into()))
                        .collect(),
                ],
            };
            let (row, cols, _) = find_header(&table).expect("header found");
            assert_eq!(row, 0);
            let want = [
                TidyColumn::Year,
                TidyColumn::Region,
                TidyColumn::Category,
                TidyColumn::Activity,
                TidyColumn::Value,
                TidyColumn::Unit,
                TidyColumn::Source,
                TidyColumn::Note,
                TidyColumn::UncertaintyPct,
            ];
            let got: Vec<_> = cols.iter().map(|(c, _)| *c).collect();
            assert_eq!(got, want, "{lang}");
        }
    }

    #[test]
    fn both_languages_build_and_differ() {
        let en = activity_template(Lang::En).unwrap();
        let zh = activity_template(Lang::Zh).unwrap();
        assert!(en.starts_with(b"PK") && zh.starts_with(b"PK"));
        assert_ne!(en, zh);
        assert_eq!(en, activity_template(Lang::En).unwrap(), "deterministic");
    }

    #[test]
    fn every_chinese_fuel_name_means_its_fuel() {
        // The Chinese drop-down offers name_zh: each must read back as its own fuel.
        let fuels = FuelCatalogue::builtin();
        for fuel in fuels.iter() {
            assert!(!fuel.name_zh.is_empty(), "{}", fuel.key);
            let back = fuels.lookup(&fuel.name_zh).map(|f| f.key.as_str());
            assert_eq!(back, Some(fuel.key.as_str()), "{}", fuel.name_zh);
        }
    }

    #[test]
    fn every_listed_unit_parses() {
        for u in known_units() {
            parse_unit(u).unwrap_or_else(|e| panic!("{u}: {e}"));
        }
    }

    #[test]
    fn lang_parses() {
        assert_eq!("EN".parse::<Lang>(), Ok(Lang::En));
        assert_eq!("zh".parse::<Lang>(), Ok(Lang::Zh));
        assert_eq!("中文".parse::<Lang>(), Ok(Lang::Zh));
        assert!("fr".parse::<Lang>().is_err());
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(11), "L");
        assert_eq!(column_letter(27), "AB");
    }
}
