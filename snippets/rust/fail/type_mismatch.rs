// expect-error: E0308
// Section 5's with_vat bug in Rust: the CSV field is text, and the compiler says so.

fn with_vat(cents: u64) -> u64 {
    (cents * 120 + 50) / 100
}

fn main() {
    for row in "A1,1000\nB2,450".lines() {
        let (sku, cents) = row.split_once(',').unwrap();
        println!("{sku} {} cents", with_vat(cents)); // cents is a &str
    }
}
