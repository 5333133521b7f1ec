with_vat:
    mulsd xmm1, xmm0
    addsd xmm0, xmm1
    ret
