// Rebuild: cd bench/guests && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o pcat.wasm pcat.c
//
// A cat that times its own reads and writes (stdin to stdout, 64 KiB a read), for
// `head -c 256M /dev/zero | RUNTIME pcat.wasm > /dev/null`: prints to stderr how many reads,
// how many were short, the time in read() and write() (µs, and per call) and in all (ms).
// Natively: gcc -O2 -o pcat pcat.c
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <time.h>
static double now(void){struct timespec t; clock_gettime(CLOCK_MONOTONIC,&t); return t.tv_sec*1e6+t.tv_nsec/1e3;}
static unsigned char buf[65536];
int main(void){
  double tr=0, tw=0, t0=now(); long nr=0, short_reads=0; ssize_t n;
  for(;;){ double a=now(); n=read(0,buf,sizeof buf); double b=now(); tr+=b-a; if(n<=0) break; nr++; if(n<(ssize_t)sizeof buf) short_reads++;
    ssize_t off=0; while(off<n){ ssize_t w=write(1,buf+off,n-off); if(w<0) return 1; off+=w;} tw+=now()-b; }
  fprintf(stderr,"reads=%ld short=%ld read_us=%.0f (%.1f/call) write_us=%.0f (%.1f/call) total_ms=%.1f\n",nr,short_reads,tr,tr/nr,tw,tw/nr,(now()-t0)/1000);
  return 0;}
