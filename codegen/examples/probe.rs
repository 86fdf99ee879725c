//! Generates each spec given on the command line and prints the stats or the error.
fn main() {
    for f in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&f).unwrap();
        let t = std::time::Instant::now();
        let options = vercel_codegen::Options::new("x");
        match vercel_codegen::generate(&text, &[], &options) {
            Ok(o) => println!("{f}: {:?} {:?}", o.stats, t.elapsed()),
            Err(e) => println!("{f}: ERROR {e}"),
        }
    }
}
