//! Static types, mostly inferred: only the function signature spells its types out.

// #region infer
fn with_vat(price: f64) -> f64 {
    (price * 1.2 * 100.0).round() / 100.0
}

fn main() {
    for row in "A1,10.00\nB2,4.50".lines() {
        let (sku, price) = row.split_once(',').unwrap(); // &str, &str
        let price: f64 = price.parse().unwrap(); // text -> number, on purpose
        println!("{sku} {}", with_vat(price));
    }
}
// #endregion infer
