define noundef double @with_vat(double noundef %price, double noundef %rate) unnamed_addr #0 {
start:
  %_3 = fmul double %price, %rate
  %_0 = fadd double %price, %_3
  ret double %_0
}
