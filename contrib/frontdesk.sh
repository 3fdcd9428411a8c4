# /etc/profile.d/frontdesk.sh: operators' clients talk to the shared daemon.
export FRONTDESK_SOCKET=/run/frontdesk/frontdesk.sock
