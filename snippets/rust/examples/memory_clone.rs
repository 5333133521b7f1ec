// #region story
fn main() {
    let s1 = String::from("hello");
    let s2 = s1.clone();
    let same = s1.as_ptr() == s2.as_ptr();
    println!("{s1} {s2} {same}");
}
// #endregion story
