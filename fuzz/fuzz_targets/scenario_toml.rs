//! Any text as a scenario file; a scenario that loads is simulated with a few draws. Errors are fine, panics
//! are not.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(scenarios) =
        ghgkit::scenario::spec::parse_many(&[("fuzz.toml".to_string(), text.to_string())], 0)
    else {
        return;
    };
    let options = ghgkit::scenario::Options::new(8, 1);
    let _ = ghgkit::scenario::engine::simulate_all(&scenarios, options);
});
