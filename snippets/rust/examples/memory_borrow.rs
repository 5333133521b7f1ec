// #region story
fn main() {
    let mut s2 = String::from("hello");
    let r = &s2;
    println!("{r} {}", r.capacity());
    s2.push_str(", world");
    println!("{s2} {}", s2.capacity());
}
// #endregion story
