// expect-error: E0597
// A reference may not live longer than the value it points to.

fn main() {
    let name: &str;
    {
        let row = String::from("ada,36");
        name = row.split(',').next().unwrap();
    } // row is dropped here
    println!("name = {name}");
}
