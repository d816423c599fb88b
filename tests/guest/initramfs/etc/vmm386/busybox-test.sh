# busybox-test.sh: Debian's busybox used non-interactively, as init
# (tests/targets.py, target busybox: init=/bin/sh -- /etc/vmm386/busybox-test.sh).
# Each check prints "ok N - what" or "not ok N - what"; the runner reads KTAP.
n=0
check() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
echo "KTAP version 1"
echo "1..14"
out=$(echo hello busybox)
[ "$out" = "hello busybox" ]; check $? "echo through a command substitution"
ls / | grep -qx proc; check $? "ls / lists proc"
grep -q '^MemFree:' /proc/meminfo; check $? "cat /proc/meminfo has MemFree"
free | grep -q '^Mem:'; check $? "free prints its Mem: line"
ps -o pid,comm | grep -q " ps$"; check $? "ps -o comm shows ps itself (prctl PR_SET_NAME)"
ps | grep -q 'sh'; check $? "ps shows the shell"
grep -q '\[stack\]' /proc/self/maps; check $? "/proc/self/maps of grep shows [stack]"
grep -q '08048000-' /proc/self/maps; check $? "/proc/self/maps shows the text at 0x08048000"
[ "$(echo a b c | tr ' ' '\n' | sort -r | head -n 1)" = c ]; check $? "a four-stage pipeline"
sleep 1 & pid=$!
wait $pid; check $? "a background job and wait"
( exit 3 ); [ $? = 3 ]; check $? "a subshell's exit status"
[ "$(uname -m)" = i686 ]; check $? "uname -m says i686"
x=$(busybox sh -c 'echo $((6 * 7))'); [ "$x" = 42 ]; check $? "sh -c arithmetic in a child"
[ "$(cat /etc/passwd | cut -d: -f1)" = root ]; check $? "cut on /etc/passwd"
poweroff -f
