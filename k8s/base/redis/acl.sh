#!/bin/sh
# Renders acl.conf (beside this script, or $REDIS_ACL_CONF) into the services' Redis users (docs/security.md).
#   acl.sh commands   ACL SETUSER lines for `redis-cli` on stdin (idempotent: reset, then the rules; a new password
#                     replaces the old one)
#   acl.sh file       an ACL file for `redis-server --aclfile`: the default user is off, or, when REDIS_ADMIN_PASSWORD
#                     is set, the administrator (all keys and commands) behind that password
# Settings (environment): CHAT_STREAMS_PREFIX (default chat:), REDIS_USER_PREFIX (default teamchat-: the users are
# <prefix>gateway, <prefix>message, ...), and each service's password in <SERVICE>_REDIS_PASSWORD (GATEWAY_, MESSAGE_,
# ROOM_, PRESENCE_, AUTH_); a missing password is an error, since a user without one would let anyone in.
# Plain POSIX sh and awk: it runs in the redis:7 image as well as under ./chat.
set -eu
mode="${1:-}"
conf="${REDIS_ACL_CONF:-$(dirname "$0")/acl.conf}"
case "$mode" in commands | file) ;; *) echo "usage: $0 commands|file" >&2; exit 2 ;; esac
prefix="${CHAT_STREAMS_PREFIX:-chat:}"
users="${REDIS_USER_PREFIX:-teamchat-}"
# no glob characters in key patterns, no quoting trouble in user names and passwords
case "$prefix" in *[!A-Za-z0-9:_.-]*) echo "acl.sh: CHAT_STREAMS_PREFIX may hold only A-Z a-z 0-9 : _ . -" >&2; exit 2 ;; esac
case "$users" in *[!A-Za-z0-9_.-]*) echo "acl.sh: REDIS_USER_PREFIX may hold only A-Z a-z 0-9 _ . -" >&2; exit 2 ;; esac
[ -r "$conf" ] || { echo "acl.sh: cannot read $conf" >&2; exit 2; }
exec awk -v mode="$mode" -v prefix="$prefix" -v users="$users" -v admin="${REDIS_ADMIN_PASSWORD:-}" '
  /^[[:space:]]*(#|$)/ { next }
  {
    svc = $1
    rules = $0
    sub(/^[[:space:]]*[^[:space:]]+[[:space:]]+/, "", rules)
    gsub(/\{prefix\}/, prefix, rules)
    if (!(svc in seen)) { seen[svc] = 1; order[++n] = svc; all[svc] = "" }
    all[svc] = all[svc] " " rules
  }
  END {
    if (mode == "file" && admin == "") print "user default off resetkeys resetchannels -@all"
    if (mode == "file" && admin != "") {
      if (admin ~ /[^A-Za-z0-9+\/=._~-]/) { print "acl.sh: REDIS_ADMIN_PASSWORD may hold only A-Z a-z 0-9 + / = . _ ~ -" > "/dev/stderr"; exit 1 }
      print "user default on >" admin " ~* &* +@all"
    }
    for (i = 1; i <= n; i++) {
      svc = order[i]
      var = toupper(svc) "_REDIS_PASSWORD"
      password = ENVIRON[var]
      if (password == "") { print "acl.sh: " var " is not set" > "/dev/stderr"; failed = 1; exit 1 }
      if (password ~ /[^A-Za-z0-9+\/=._~-]/) { print "acl.sh: " var " may hold only A-Z a-z 0-9 + / = . _ ~ -" > "/dev/stderr"; failed = 1; exit 1 }
      if (mode == "file") {
        print "user " users svc " on >" password all[svc]
      } else {
        # redis-cli splits on blanks outside quotes: each selector is one quoted argument
        line = "ACL SETUSER " users svc " reset on \">" password "\""
        rest = all[svc]
        while (match(rest, /\([^)]*\)/)) {
          before = substr(rest, 1, RSTART - 1)
          line = line before "\"" substr(rest, RSTART, RLENGTH) "\""
          rest = substr(rest, RSTART + RLENGTH)
        }
        print line rest
      }
    }
  }
' "$conf"
