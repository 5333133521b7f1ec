// expect-error: E0308
// Section 5's with_vat bug in Rust: the CSV field is text, and the compiler says so.

fn with_vat(price: f64) -> f64 {
    (price * 1.2 * 100.0).round() / 100.0
}

fn main() {
    for row in "A1,10.00\nB2,4.50".lines() {
        let (sku, price) = row.split_once(',').unwrap();
        println!("{sku} {}", with_vat(price)); // price is a &str
    }
}
