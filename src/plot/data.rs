//! The plain data the charts draw. Nothing here knows plotters or where the figures come from: any module
//! (the inventory, key categories, uncertainty, scenarios, LMDI) fills these structs and calls the chart
//! functions of [`super::charts`]. Labels are already in the chart's language; numbers are in the unit the
//! axis title names.

/// The texts of a chart: title, axis titles (with units) and the footnote (GWP set, data source).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChartText {
    /// The title, above the plot.
    pub title: String,
    /// The horizontal axis title (with its unit).
    pub x_label: String,
    /// The vertical axis title (with its unit).
    pub y_label: String,
    /// Small print under the chart: GWP set, factor set, data source, what is excluded.
    pub footnote: String,
}

/// Series over years, stacked: positive values above zero, negative values (sinks, e.g. LULUCF 3.B)
/// stacked below it; `total` is drawn as a line (the net sum). A single year is drawn as horizontal bars.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StackedSeries {
    /// The years, ascending.
    pub years: Vec<i32>,
    /// `(label, value per year)`, each as long as `years`, in stacking order (largest first reads best).
    pub series: Vec<(String, Vec<f64>)>,
    /// The net total per year.
    pub total: Vec<f64>,
    /// The label of the total line ("Total", "净排放总量").
    pub total_label: String,
}

/// Horizontal bars, one per item, top to bottom; values may be negative.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bars {
    /// `(label, value)`.
    pub items: Vec<(String, f64)>,
}

/// A fan chart of one quantity: percentile bands over years, the median, a target path and the peak.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fan {
    /// The panel's title (e.g. the scenario).
    pub label: String,
    /// The years.
    pub years: Vec<i32>,
    /// 5th percentile per year.
    pub p5: Vec<f64>,
    /// 25th percentile.
    pub p25: Vec<f64>,
    /// Median.
    pub p50: Vec<f64>,
    /// 75th percentile.
    pub p75: Vec<f64>,
    /// 95th percentile.
    pub p95: Vec<f64>,
    /// A target path `(year, value)` drawn dashed (e.g. intensity falling 1.2 % a year), if any.
    pub target_path: Vec<(i32, f64)>,
    /// Target points `(year, value, label)` (e.g. −18 % over 2020–2025), if any.
    pub target_points: Vec<(i32, f64, String)>,
    /// The peak of the median path `(year, value)`, marked with a dot, when it is before the last year.
    pub peak: Option<(i32, f64)>,
    /// A deadline drawn as a vertical line (e.g. peak by 2030) with its label.
    pub deadline: Option<(i32, String)>,
}

/// Several fans side by side with a shared vertical axis (one panel per scenario).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fans {
    /// The panels.
    pub panels: Vec<Fan>,
    /// Legend texts: `[p5–p95, p25–p75, median, target, peak]`.
    pub legend: [String; 5],
}

/// A Pareto chart: items sorted by decreasing value with their cumulative share; the items up to
/// `threshold` of the cumulative total are highlighted (key categories: 95 %, IPCC 2006 Vol. 1 Ch. 4).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pareto {
    /// `(label, value)`, any order; absolute values are ranked.
    pub items: Vec<(String, f64)>,
    /// Cumulative share up to which items are highlighted, e.g. 0.95.
    pub threshold: f64,
    /// Legend texts: `[highlighted, others]`.
    pub legend: [String; 2],
}

/// A waterfall: from a start value through additive effects to an end value (e.g. LMDI decomposition).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Waterfall {
    /// `(label, value)` of the start bar.
    pub start: (String, f64),
    /// `(label, effect)`, positive up, negative down.
    pub effects: Vec<(String, f64)>,
    /// `(label, value)` of the end bar; should equal start + Σ effects (drawn as given).
    pub end: (String, f64),
}

/// Central values with ranges (e.g. a 95 % confidence interval), one row per item.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ranges {
    /// `(label, central, lower, upper)`.
    pub items: Vec<(String, f64, f64, f64)>,
}

/// Grouped bars: for each group (`groups`), one bar per series (e.g. reference vs sectoral approach per
/// fuel group, or peak-year shares per scenario).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Grouped {
    /// The groups along the axis.
    pub groups: Vec<String>,
    /// `(label, one value per group)`.
    pub series: Vec<(String, Vec<f64>)>,
    /// An optional note per group, drawn above it (e.g. the difference in per cent).
    pub notes: Vec<String>,
    /// How values are printed on the bars: decimals and suffix (e.g. `(1, " %")`); `None`: not printed.
    pub value_labels: Option<(usize, String)>,
    /// A vertical line after this group (e.g. the `peak_by` year) with its label.
    pub marker: Option<(usize, String)>,
    /// The largest value the axis may show (e.g. `100` for shares in per cent): the axis stops there even
    /// when the headroom above the tallest bar would pass it. `None`: no bound.
    pub y_max: Option<f64>,
}
