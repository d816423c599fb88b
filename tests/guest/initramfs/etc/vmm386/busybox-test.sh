# busybox-test.sh - Debian's busybox used non-interactively: the shell, its
# applets, pipelines, jobs and vmm386's /proc. /bin/t_busybox runs it under
# the ch5 test runner (make test-ch5), which nests it as a KTAP subtest
# ($KTAP_INDENT, $KTAP_NAME) and checks the leak counters after it; by hand:
#   make run KCMDLINE="init=/bin/sh /etc/vmm386/busybox-test.sh"
n=0
failed=0
check() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "${KTAP_INDENT}ok $n $2"
	else
		echo "${KTAP_INDENT}not ok $n $2"
		failed=$((failed + 1))
	fi
}
echo "${KTAP_INDENT}KTAP version 1"
[ -n "$KTAP_NAME" ] && echo "${KTAP_INDENT}# Subtest: $KTAP_NAME"
echo "${KTAP_INDENT}1..16"
out=$(echo hello busybox)
[ "$out" = "hello busybox" ]; check $? "echo through a command substitution"
ls / | grep -qx proc; check $? "ls / lists proc"
[ "$(readlink /bin/sh)" = busybox ]; check $? "/bin/sh is a symbolic link to busybox"
grep -q '^MemFree:' /proc/meminfo; check $? "cat /proc/meminfo has MemFree"
free | grep -q '^Mem:'; check $? "free prints its Mem: line"
ps -o pid,comm | grep -q " ps$"; check $? "ps -o comm shows ps itself (prctl PR_SET_NAME)"
ps | grep -q '/etc/vmm386/busybox-test.sh'; check $? "ps shows the shell's command line"
grep -q '\[stack\]' /proc/self/maps; check $? "/proc/self/maps of grep shows [stack]"
grep -q '^080[0-9a-f]*-[0-9a-f]* r-xp .* /bin/busybox$' /proc/self/maps; check $? "/proc/self/maps: busybox's text, r-xp, mapped from /bin/busybox"
[ "$(echo a b c | tr ' ' '\n' | sort -r | head -n 1)" = c ]; check $? "a four-stage pipeline"
sleep 1 & pid=$!
wait $pid; check $? "a background job and wait"
( exit 3 ); [ $? = 3 ]; check $? "a subshell's exit status"
[ "$(uname -m)" = i686 ]; check $? "uname -m says i686"
x=$(busybox sh -c 'echo $((6 * 7))'); [ "$x" = 42 ]; check $? "sh -c arithmetic in a child"
[ "$(cut -d: -f1 /etc/passwd)" = root ]; check $? "cut on /etc/passwd"
[ "$(cowdemo 8 | grep -c maps:)" = 5 ]; check $? "cowdemo prints its region at the 5 steps it is mapped"
[ $failed = 0 ]
