/* The floor of reading a classic pcap, for e2e.sh: map the file, walk every record header and load
 * each packet's first 16 bytes (where a decoder starts), nothing else; prints the records and a
 * checksum so the loads are not optimized away. Little-endian files only (what minimum-frames.py
 * writes). Usage: mmap-floor FILE */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: mmap-floor FILE\n");
        return 2;
    }
    int fd = open(argv[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || st.st_size < 24) {
        perror(argv[1]);
        return 2;
    }
    size_t size = (size_t)st.st_size;
    const unsigned char *base = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (base == MAP_FAILED) {
        perror("mmap");
        return 2;
    }
    madvise((void *)base, size, MADV_SEQUENTIAL);
    uint64_t records = 0, sum = 0;
    size_t at = 24;
    while (at + 16 <= size) {
        uint32_t captured;
        memcpy(&captured, base + at + 8, 4);
        if (at + 16 + captured > size) break;
        uint64_t head[2] = {0, 0};
        memcpy(head, base + at + 16, captured < 16 ? captured : 16);
        sum += head[0] ^ head[1];
        records++;
        at += 16 + captured;
    }
    printf("%llu records, checksum %llx\n", (unsigned long long)records, (unsigned long long)sum);
    return 0;
}
