// #region story
fn main() {
    let mut s = String::from("hello");
    let r = &s;
    println!("{r} {}", r.capacity());
    s.push_str(", world");
    println!("{s} {}", s.capacity());
}
// #endregion story
