import sys


# #region story
def main():
    a = "".join(["hel", "lo"])
    b = a
    print(a is b, id(a) == id(b))
    print(sys.getrefcount(a))
    del a
    print(sys.getrefcount(b))
    b = None
    n = 42
    print(sys.getsizeof(n))
# #endregion story


main()
