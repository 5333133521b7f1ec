import sys
from threading import Thread

N = 1_000_000


def count_down(n):
    while n > 0:
        n -= 1


# #region threads
jobs = [Thread(target=count_down, args=(N,))
        for _ in range(4)]
for job in jobs:
    job.start()
for job in jobs:
    job.join()  # slower than one thread
# #endregion threads
# #region switch
print(sys.getswitchinterval())  # in seconds
# #endregion switch
