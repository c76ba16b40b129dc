#ifndef INTERLOCK_CPCAP_SHIM_H
#define INTERLOCK_CPCAP_SHIM_H
#include <pcap/pcap.h>
#endif
