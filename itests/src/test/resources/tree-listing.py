#!/usr/bin/env python3
# Lists a directory tree, one line per entry, sorted, as the unpack tests compare two root
# filesystems: path, type, permission bits (set-user-ID and sticky included), owner, group,
# and the link target (symbolic link), device numbers (device), or size and sha256 (file).
# Hard links are files with the same content; directory and link times are left out.
#   tree-listing.py <dir>
import hashlib
import os
import stat
import sys

root = sys.argv[1]
lines = []
for dirpath, dirnames, filenames in os.walk(root):
    for name in dirnames + filenames:
        path = os.path.join(dirpath, name)
        rel = os.path.relpath(path, root)
        st = os.lstat(path)
        mode = "%04o" % stat.S_IMODE(st.st_mode)
        owner = "%d:%d" % (st.st_uid, st.st_gid)
        if stat.S_ISLNK(st.st_mode):
            what = "link -> " + os.readlink(path)
            mode = "-"  # a link's own mode means nothing on Linux
        elif stat.S_ISDIR(st.st_mode):
            what = "dir"
        elif stat.S_ISREG(st.st_mode):
            with open(path, "rb") as f:
                what = "file %d %s" % (st.st_size, hashlib.sha256(f.read()).hexdigest())
        elif stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
            what = "%s %d:%d" % ("char" if stat.S_ISCHR(st.st_mode) else "block", os.major(st.st_rdev), os.minor(st.st_rdev))
        elif stat.S_ISFIFO(st.st_mode):
            what = "fifo"
        else:
            what = "other"
        lines.append("%s %s %s %s" % (rel, what, mode, owner))
for line in sorted(lines):
    print(line)
