//! Writes the notebook of a genlab view to stdout, as the app's Download notebook does:
//! `cargo run --example notebook -- 'http://127.0.0.1:8080/?panel=sam&lr=0.01' > sam.ipynb`.

fn main() {
    let href = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "http://127.0.0.1:8080/?panel=sam".to_owned());
    match genlab::notebook::build(&href) {
        Ok(json) => println!("{json}"),
        Err(why) => {
            eprintln!("{why}");
            std::process::exit(1);
        }
    }
}
