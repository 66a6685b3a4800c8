//! Any text as a unit or a compound unit (factor units such as "kg CO2/TJ"); a unit that parses converts to
//! its canonical unit and back. Errors are fine, panics are not.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(u) = ghgkit::units::parse_unit(text) {
        let _ = u.symbol();
        let back = u.from_canonical(u.to_canonical(1.5));
        assert!(!back.is_finite() || (back - 1.5).abs() <= 1e-9 * 1.5, "{text}: 1.5 → {back}");
    }
    if let Ok(c) = ghgkit::units::parse_compound(text) {
        let _ = c.symbol();
        let _ = c.scale();
    }
});
