// #region story
fn main() {
    let n: i32 = 42;
    let m = n;
    let s1 = String::from("hello");
    let s2 = s1;
    // println!("{s1}"); // E0382
    println!("{n} {m} {s2}");
    println!("{}", size_of::<String>());
}
// #endregion story
