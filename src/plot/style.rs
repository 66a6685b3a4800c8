//! The language and font of a chart: [`Style`].
//!
//! Latin text is drawn with DejaVu Sans, compiled in from `assets/fonts/`, so English charts render on a
//! machine with no fonts installed. Chinese labels need a CJK font, which is far too large to ship: it is
//! looked for in the usual places ([`CJK_CANDIDATES`], then `fc-match` when fontconfig is installed) or
//! given with `--font PATH`. A font is only used when it really has Chinese glyphs (checked on the
//! characters the labels use), so a chart never shows empty boxes ("tofu"). Without one, [`Style::resolve`]
//! falls back to English labels and returns a warning for the caller to show.
//!
//! TrueType collections (`.ttc`, e.g. `wqy-microhei.ttc`, `NotoSansCJK-Regular.ttc`) are read at face
//! index 0, which ab_glyph (the rasteriser plotters uses) supports.
//!
//! In SVG files, text is written with a `font-family` list (the CJK families of [`CJK_CANDIDATES`], then
//! `sans-serif`), so a browser draws it with whichever of them it has.

use crate::error::{Error, Location, Result};
pub use crate::report::template::Lang;
use ab_glyph::{Font, FontRef};
use plotters::style::FontStyle;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// DejaVu Sans, for Latin text and digits.
const DEJAVU: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// The family name under which DejaVu Sans is registered; in SVG it reads as a CSS font list.
const LATIN_FAMILY: &str = "DejaVu Sans, Verdana, Arial, sans-serif";

/// The family name under which the CJK font is registered (also the SVG `font-family`).
const CJK_FAMILY: &str = "WenQuanYi Micro Hei, Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif";

/// Where CJK fonts usually are: Debian/Ubuntu (fonts-wqy-microhei, fonts-wqy-zenhei, fonts-noto-cjk),
/// Fedora, Arch, macOS and Windows. The first that loads and has Chinese glyphs is used.
pub const CJK_CANDIDATES: [&str; 10] = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "C:\\Windows\\Fonts\\msyh.ttc",
    "C:\\Windows\\Fonts\\simhei.ttf",
];

/// Characters a CJK font must have to be used (they occur in the chart labels).
const CJK_PROBE: &str = "排放量年份湖北情景碳强度峰值部门燃料气体万吨二氧化碳当量";

/// How the text of a chart is drawn: the language of its labels and the font.
#[derive(Clone, Debug, PartialEq)]
pub struct Style {
    /// The language of the labels (English when no CJK font was found for Chinese).
    pub lang: Lang,
    /// The registered font family.
    family: &'static str,
    /// The CJK font file, when Chinese labels are drawn.
    pub font_path: Option<PathBuf>,
}

impl Default for Style {
    fn default() -> Self {
        Style::english()
    }
}

impl Style {
    /// English labels in the shipped DejaVu Sans.
    pub fn english() -> Style {
        register_latin();
        Style {
            lang: Lang::En,
            family: LATIN_FAMILY,
            font_path: None,
        }
    }

    /// The style for `lang`: English needs nothing; Chinese uses `font` when given (an error if it cannot
    /// be read or has no Chinese glyphs), else the first usable font of [`CJK_CANDIDATES`] or of
    /// `fc-match`. Without one, English labels and a warning (the second value) for the caller to show.
    pub fn resolve(lang: Lang, font: Option<&Path>) -> Result<(Style, Option<String>)> {
        let candidates: Vec<PathBuf> = CJK_CANDIDATES.iter().map(PathBuf::from).collect();
        Style::resolve_with(lang, font, &candidates, true)
    }

    /// [`Style::resolve`] with the places to look given (and whether to ask `fc-match`): for tests.
    pub fn resolve_with(
        lang: Lang,
        font: Option<&Path>,
        candidates: &[PathBuf],
        fc_match: bool,
    ) -> Result<(Style, Option<String>)> {
        if lang == Lang::En {
            return Ok((Style::english(), None));
        }
        if let Some(p) = font {
            let shown = p.display().to_string();
            return match load_cjk(p) {
                Ok(()) => Ok((Style::chinese(p), None)),
                Err(why) => Err(Error::input(
                    Some(Location::file(&shown)),
                    format!(
                        "--font: {why}; give a TrueType/OpenType font with Chinese glyphs, e.g. {} (Debian: apt-get install fonts-wqy-microhei)",
                        CJK_CANDIDATES[0]
                    ),
                )),
            };
        }
        let mut tried = Vec::new();
        let from_fc = if fc_match { fc_match_cjk() } else { None };
        for p in candidates.iter().chain(from_fc.iter()) {
            if !p.is_file() {
                continue;
            }
            match load_cjk(p) {
                Ok(()) => return Ok((Style::chinese(p), None)),
                Err(why) => tried.push(format!("{} ({why})", p.display())),
            }
        }
        let warning = format!(
            "no font with Chinese glyphs found{}: charts use English labels. Install one (Debian/Ubuntu: \
             apt-get install fonts-wqy-microhei) or give --font PATH to a .ttf/.otf/.ttc with Chinese glyphs",
            if tried.is_empty() {
                String::new()
            } else {
                format!(" (unusable: {})", tried.join(", "))
            }
        );
        Ok((Style::english(), Some(warning)))
    }

    /// The bytes of the font the style draws with (the CJK font when loaded, else DejaVu Sans).
    pub(crate) fn font_bytes(&self) -> &'static [u8] {
        self.font_path
            .as_ref()
            .and_then(|p| {
                let map = LOADED.get()?.lock().ok()?;
                map.get(p).copied()
            })
            .unwrap_or(DEJAVU)
    }

    /// Registers the style's fonts with plotters (again): charts call this before drawing.
    pub(crate) fn register(&self) {
        register_latin();
        if let Some(p) = &self.font_path {
            // Loaded and checked when the style was made; a failure here leaves the Latin font.
            let _ = load_cjk(p);
        }
    }

    fn chinese(p: &Path) -> Style {
        Style {
            lang: Lang::Zh,
            family: CJK_FAMILY,
            font_path: Some(p.to_path_buf()),
        }
    }

    /// The font family to draw with.
    pub(crate) fn family(&self) -> &'static str {
        self.family
    }

    /// `en` or `zh`, by the labels' language.
    pub fn t<'a>(&self, en: &'a str, zh: &'a str) -> &'a str {
        self.lang.pick(en, zh)
    }
}

fn register_latin() {
    // The font is compiled in; a failure would be a packaging bug, caught by the tests. Registering parses
    // only the font's table directory: cheap enough to repeat for every chart.
    for family in [LATIN_FAMILY, "sans-serif"] {
        let _ = plotters::style::register_font(family, FontStyle::Normal, DEJAVU);
        let _ = plotters::style::register_font(family, FontStyle::Bold, DEJAVU);
    }
}

/// Loads a CJK font file once per process and registers it as [`CJK_FAMILY`]; `Err` says why it cannot be
/// used. The bytes are kept for the life of the process (plotters needs `'static` font data).
/// The CJK font files read so far, kept for the life of the process.
static LOADED: OnceLock<Mutex<HashMap<PathBuf, &'static [u8]>>> = OnceLock::new();

fn load_cjk(p: &Path) -> std::result::Result<(), String> {
    register_latin();
    let map = LOADED.get_or_init(|| Mutex::new(HashMap::new()));
    let mut map = map.lock().map_err(|_| "font cache poisoned".to_string())?;
    let bytes: &'static [u8] = match map.get(p) {
        Some(b) => b,
        None => {
            let data = std::fs::read(p).map_err(|e| format!("cannot read it: {e}"))?;
            let font = FontRef::try_from_slice(&data)
                .map_err(|_| "not a TrueType/OpenType font or collection".to_string())?;
            if let Some(c) = CJK_PROBE.chars().find(|c| font.glyph_id(*c).0 == 0) {
                return Err(format!("it has no glyph for '{c}' (no Chinese)"));
            }
            let leaked: &'static [u8] = Box::leak(data.into_boxed_slice());
            map.insert(p.to_path_buf(), leaked);
            leaked
        }
    };
    for style in [FontStyle::Normal, FontStyle::Bold] {
        plotters::style::register_font(CJK_FAMILY, style, bytes)
            .map_err(|_| "plotters cannot load it".to_string())?;
    }
    Ok(())
}

/// The file fontconfig offers for Simplified Chinese, if `fc-match` is installed.
fn fc_match_cjk() -> Option<PathBuf> {
    let out = std::process::Command::new("fc-match")
        .args(["-f", "%{file}", "sans-serif:lang=zh-cn"])
        .output()
        .ok()?;
    let p = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
    (out.status.success() && p.is_file()).then_some(p)
}

/// The first usable CJK font on this machine, if any (tests of Chinese charts skip without one).
pub fn find_cjk_font() -> Option<PathBuf> {
    match Style::resolve(Lang::Zh, None) {
        Ok((s, None)) => s.font_path,
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_without_a_font_falls_back_to_english_with_a_warning() {
        let (s, w) = Style::resolve_with(Lang::Zh, None, &[], false).unwrap();
        assert_eq!(s.lang, Lang::En);
        assert!(w.unwrap().contains("fonts-wqy-microhei"));
    }

    #[test]
    fn a_font_without_chinese_glyphs_is_refused() {
        // DejaVu Sans (shipped) has no CJK glyphs: given as --font, an input error naming the file.
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts/DejaVuSans.ttf");
        let e = Style::resolve_with(Lang::Zh, Some(&p), &[], false).unwrap_err();
        assert!(e.to_string().contains("no glyph"), "{e}");
        assert_eq!(e.exit_code(), 2);
        // Found among the candidates, it is skipped and said so.
        let (s, w) = Style::resolve_with(Lang::Zh, None, &[p], false).unwrap();
        assert_eq!(s.lang, Lang::En);
        assert!(w.unwrap().contains("DejaVuSans.ttf"));
    }

    #[test]
    fn english_needs_no_font() {
        let (s, w) = Style::resolve(Lang::En, None).unwrap();
        assert_eq!((s.lang, w), (Lang::En, None));
    }
}
