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
    n = int("123450")  # parsed at run time
    print(sys.getsizeof(n))
    print(sys.getrefcount(n))
# #endregion story


main()
