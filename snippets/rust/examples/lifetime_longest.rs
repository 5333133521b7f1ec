//! The learning curve in one signature: returning a borrowed value needs a lifetime.

// #region longest
fn longest<'a>(a: &'a str, b: &'a str) -> &'a str {
    if a.len() >= b.len() {
        a
    } else {
        b
    }
}
// #endregion longest

fn main() {
    println!("{}", longest("pandas", "polars and arrow"));
}
