//! The command line as a user meets it: `run` with no arguments, charts, help, the factor listing.

mod common;
use common::{ghgkit, tempdir, text};

#[test]
fn run_with_no_arguments_writes_the_outputs_to_ghgkit_out() {
    let d = tempdir();
    let o = ghgkit(d.path(), &["run"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = d.path().join("ghgkit-out");
    for f in [
        "inventory.csv",
        "emissions_by_category.png",
        "emissions_by_category.svg",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let t = text(&o);
    assert!(t.contains("Hubei 2007"), "{t}");
    assert!(t.contains("Mt CO2e"), "{t}");
    assert!(t.contains("ghgkit-out"), "{t}");
    // No temporary files left behind.
    for e in std::fs::read_dir(&out).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        assert!(!name.ends_with(".tmp"), "{name}");
    }
}

#[test]
fn the_chart_is_a_real_picture_and_the_svg_is_well_formed() {
    let d = tempdir();
    let o = ghgkit(d.path(), &["run", "--out", "o"]);
    assert!(o.status.success(), "{}", text(&o));
    let png = image::open(d.path().join("o/emissions_by_category.png"))
        .unwrap()
        .to_rgb8();
    assert!(png.width() >= 800 && png.height() >= 400);
    // Non-blank: a good share of pixels is neither white nor near-white, and several colours are used.
    let inked = png
        .pixels()
        .filter(|p| p.0.iter().any(|&c| c < 200))
        .count();
    let share = inked as f64 / (png.width() * png.height()) as f64;
    assert!(share > 0.05, "only {share:.3} of the picture is drawn");
    let blue = png.pixels().filter(|p| p.0 == [0, 114, 178]).count();
    assert!(blue > 1000, "bars in the palette's blue: {blue} pixels");
    let svg = std::fs::read_to_string(d.path().join("o/emissions_by_category.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    assert!(
        svg.contains("Energy Industries"),
        "category labels drawn as text"
    );
    assert!(svg.contains("AR5"), "GWP set in the footnote");
}

#[test]
fn same_inputs_give_byte_identical_outputs() {
    let d = tempdir();
    for out in ["a", "b"] {
        let o = ghgkit(d.path(), &["run", "--out", out]);
        assert!(o.status.success(), "{}", text(&o));
    }
    for f in [
        "inventory.csv",
        "emissions_by_category.png",
        "emissions_by_category.svg",
    ] {
        let a = std::fs::read(d.path().join("a").join(f)).unwrap();
        let b = std::fs::read(d.path().join("b").join(f)).unwrap();
        assert!(a == b, "{f} differs between two identical runs");
    }
}

#[test]
fn help_teaches_with_examples() {
    let d = tempdir();
    for cmd in ["run", "inventory", "check", "factors"] {
        let o = ghgkit(d.path(), &[cmd, "--help"]);
        assert!(o.status.success());
        let t = text(&o);
        assert!(t.contains("Example"), "{cmd} --help has no example:\n{t}");
    }
    let o = ghgkit(d.path(), &["--help"]);
    assert!(text(&o).contains("ghgkit run"));
}

#[test]
fn factors_lists_sets_and_shows_one_factor_with_its_source() {
    let d = tempdir();
    let o = ghgkit(d.path(), &["factors"]);
    assert!(o.status.success(), "{}", text(&o));
    let t = text(&o);
    for s in ["ipcc2006", "china", "AR5", "AR6"] {
        assert!(t.contains(s), "{s} not listed:\n{t}");
    }
    let o = ghgkit(
        d.path(),
        &["factors", "--id", "ipcc2006.ncv.other_bituminous_coal"],
    );
    let t = text(&o);
    assert!(o.status.success(), "{t}");
    assert!(t.contains("25.8 TJ/Gg"), "{t}");
    assert!(t.contains("Table 1.2"), "{t}");
    let o = ghgkit(
        d.path(),
        &[
            "factors", "--fuel", "原煤", "--gas", "CH4", "--set", "ipcc2006",
        ],
    );
    let t = text(&o);
    assert!(o.status.success(), "{t}");
    assert!(t.contains("ipcc2006.ef.raw_coal"), "{t}");
}

#[test]
fn one_thread_and_two_threads_give_byte_identical_outputs() {
    // Many regions and years, so that the records span several parallel chunks.
    let d = tempdir();
    let mut csv = String::from("year,region,category,activity,value,unit\n");
    let fuels = [
        ("raw_coal", "万吨"),
        ("natural_gas", "亿立方米"),
        ("gas_diesel_oil", "万吨"),
        ("wood", "万吨"),
    ];
    let cats = ["1.A.1.a", "1.A.2.a", "1.A.3.b", "1.A.4.b", "1.A.3.a.i"];
    let mut n = 0u64;
    for region in 0..12 {
        for year in 1990..2020 {
            for cat in cats {
                for (fuel, unit) in fuels {
                    n += 1;
                    let v = 1.0 + (n * 7919 % 10007) as f64 / 100.0;
                    csv.push_str(&format!("{year},R{region:02},{cat},{fuel},{v},{unit}\n"));
                }
            }
        }
    }
    std::fs::write(d.path().join("many.csv"), csv).unwrap();
    for t in ["1", "2"] {
        let o = ghgkit(
            d.path(),
            &[
                "inventory",
                "many.csv",
                "--out",
                &format!("t{t}"),
                "--threads",
                t,
            ],
        );
        assert!(o.status.success(), "{}", text(&o));
    }
    let mut compared = 0;
    for e in std::fs::read_dir(d.path().join("t1")).unwrap() {
        let name = e.unwrap().file_name();
        let a = std::fs::read(d.path().join("t1").join(&name)).unwrap();
        let b = std::fs::read(d.path().join("t2").join(&name)).unwrap();
        assert!(
            a == b,
            "{name:?} differs between --threads 1 and --threads 2"
        );
        compared += 1;
    }
    assert!(compared >= 5, "{compared} files compared");
}
