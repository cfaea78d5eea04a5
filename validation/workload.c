// SPDX-License-Identifier: GPL-2.0
/*
 * The validation workload, run as PID 1's child in the initramfs: page
 * reference paths of the socket layer over loopback TCP. Each step prints
 * "PAGEREF-STEP NAME ok" or "PAGEREF-STEP NAME fail: why" on the console,
 * which validation/run.sh reads. Built static with gcc; no library beyond libc.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/errqueue.h>
#include <linux/tls.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SO_ZEROCOPY
#define SO_ZEROCOPY 60
#endif
#ifndef MSG_ZEROCOPY
#define MSG_ZEROCOPY 0x4000000
#endif
#ifndef SOL_TLS
#define SOL_TLS 282
#endif
#ifndef TCP_ULP
#define TCP_ULP 31
#endif

#define BULK (4 << 20)
#define FILESZ (1 << 20)

static int failed;

static void step(const char *name, const char *why)
{
	if (why && errno) {
		printf("PAGEREF-STEP %s fail: %s (%s)\n", name, why, strerror(errno));
		failed = 1;
	} else if (why) {
		printf("PAGEREF-STEP %s fail: %s\n", name, why);
		failed = 1;
	} else {
		printf("PAGEREF-STEP %s ok\n", name);
	}
	fflush(stdout);
}

/*
 * kTLS on one direction of a socket: TLS 1.2, AES-GCM-128, a fixed key
 * (the point is the kernel's record and page handling, not secrecy).
 */
static int ktls(int s, int dir)
{
	struct tls12_crypto_info_aes_gcm_128 ci = {
		.info = { .version = TLS_1_2_VERSION, .cipher_type = TLS_CIPHER_AES_GCM_128 },
	};

	memset(ci.key, 0x6b, sizeof(ci.key));
	memset(ci.iv, 0x69, sizeof(ci.iv));
	memset(ci.salt, 0x73, sizeof(ci.salt));
	if (setsockopt(s, SOL_TCP, TCP_ULP, "tls", sizeof("tls")))
		return -1;
	return setsockopt(s, SOL_TLS, dir, &ci, sizeof(ci));
}

/*
 * A listener on 127.0.0.1 whose child reads everything and exits 0 when it
 * got want bytes. With tls the child decrypts (TLS_RX) and says so with one
 * plaintext byte before the client may start its records.
 */
static int sink_tls(int port, long want, pid_t *pid, int tls)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int one = 1, l = socket(AF_INET, SOCK_STREAM, 0), c;
	char ready;

	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (l < 0 || bind(l, (void *)&a, sizeof(a)) || listen(l, 1))
		return -1;
	*pid = fork();
	if (*pid == 0) {
		static char buf[65536];
		long got = 0;
		ssize_t n;
		int s = accept(l, NULL, NULL);

		if (s < 0 || (tls && (ktls(s, TLS_RX) || write(s, "r", 1) != 1)))
			_exit(2);
		while ((n = read(s, buf, sizeof(buf))) > 0)
			got += n;
		_exit(got == want ? 0 : 1);
	}
	close(l);
	c = socket(AF_INET, SOCK_STREAM, 0);
	if (c < 0 || connect(c, (void *)&a, sizeof(a)))
		return -1;
	if (tls && read(c, &ready, 1) != 1)
		return -2;
	return c;
}

static int sink(int port, long want, pid_t *pid)
{
	return sink_tls(port, want, pid, 0);
}

static int finish(int c, pid_t pid)
{
	int st = 1;

	close(c);
	waitpid(pid, &st, 0);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static int make_file(const char *path)
{
	char *buf = malloc(FILESZ);
	int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0600), ok;

	if (!buf || fd < 0)
		return -1;
	memset(buf, 'p', FILESZ);
	ok = write(fd, buf, FILESZ) == FILESZ;
	free(buf);
	if (!ok)
		return -1;
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* total bytes of fill written to c in 64 KiB writes; 0 when all went out */
static int write_n(int c, int fill, long total)
{
	static char buf[65536];
	long sent = 0;

	memset(buf, fill, sizeof(buf));
	while (sent < total) {
		ssize_t n = write(c, buf, sizeof(buf));

		if (n <= 0)
			return -1;
		sent += n;
	}
	return 0;
}

/* the whole of a FILESZ file sent to c with sendfile(); 0 when it all went */
static int sendfile_all(int c, int fd)
{
	off_t off = 0;

	while (off < FILESZ)
		if (sendfile(c, fd, &off, FILESZ - off) <= 0)
			return -1;
	return 0;
}

static void tcp_bulk(void)
{
	pid_t pid;
	int c = sink(7001, BULK, &pid);

	if (c < 0)
		return step("tcp-bulk", "connect");
	if (write_n(c, 'x', BULK))
		return step("tcp-bulk", "write");
	step("tcp-bulk", finish(c, pid) ? NULL : "short read");
}

static void do_sendfile(void)
{
	pid_t pid;
	int fd = make_file("/tmp/sendfile.dat"), c = sink(7002, FILESZ, &pid);

	if (fd < 0 || c < 0)
		return step("sendfile", "setup");
	if (sendfile_all(c, fd))
		return step("sendfile", "sendfile");
	close(fd);
	step("sendfile", finish(c, pid) ? NULL : "short read");
}

static void do_splice(void)
{
	pid_t pid;
	int fd = make_file("/tmp/splice.dat"), c = sink(7003, FILESZ, &pid), p[2];
	long moved = 0;

	if (fd < 0 || c < 0 || pipe(p))
		return step("splice", "setup");
	while (moved < FILESZ) {
		ssize_t n = splice(fd, NULL, p[1], NULL, 65536, 0), m;

		if (n <= 0)
			return step("splice", "splice file to pipe");
		for (m = 0; m < n; ) {
			ssize_t k = splice(p[0], NULL, c, NULL, n - m, SPLICE_F_MORE);

			if (k <= 0)
				return step("splice", "splice pipe to socket");
			m += k;
		}
		moved += n;
	}
	close(fd);
	step("splice", finish(c, pid) ? NULL : "short read");
}

static void do_vmsplice(void)
{
	static char buf[65536] __attribute__((aligned(4096)));
	pid_t pid;
	int c = sink(7004, 16 * sizeof(buf), &pid), p[2];

	if (c < 0 || pipe(p))
		return step("vmsplice", "setup");
	memset(buf, 'v', sizeof(buf));
	for (int i = 0; i < 16; i++) {
		struct iovec iov = { buf, sizeof(buf) };
		ssize_t n = vmsplice(p[1], &iov, 1, 0), m;

		if (n <= 0)
			return step("vmsplice", "vmsplice");
		for (m = 0; m < n; ) {
			ssize_t k = splice(p[0], NULL, c, NULL, n - m, 0);

			if (k <= 0)
				return step("vmsplice", "splice pipe to socket");
			m += k;
		}
	}
	step("vmsplice", finish(c, pid) ? NULL : "short read");
}

static void do_zerocopy(void)
{
	static char buf[65536];
	pid_t pid;
	int c = sink(7005, 32 * sizeof(buf), &pid), one = 1;

	if (c < 0 || setsockopt(c, SOL_SOCKET, SO_ZEROCOPY, &one, sizeof(one)))
		return step("msg-zerocopy", "SO_ZEROCOPY");
	memset(buf, 'z', sizeof(buf));
	for (int i = 0; i < 32; i++)
		if (send(c, buf, sizeof(buf), MSG_ZEROCOPY) != sizeof(buf))
			return step("msg-zerocopy", "send");
	step("msg-zerocopy", finish(c, pid) ? NULL : "short read");
}

/* kTLS transmit: records built from write() data and from a sendfile()'s page cache pages */
static void do_ktls(void)
{
	pid_t pid;
	int fd = make_file("/tmp/ktls.dat"), c = sink_tls(7006, 2 * FILESZ, &pid, 1);

	if (c == -2 && !(errno = 0))
		return step("ktls", "the receiver could not enable TCP_ULP tls / TLS_RX");
	if (fd < 0 || c < 0)
		return step("ktls", "setup");
	if (ktls(c, TLS_TX))
		return step("ktls", "TCP_ULP tls / TLS_TX");
	if (write_n(c, 't', FILESZ))
		return step("ktls", "write");
	if (sendfile_all(c, fd))
		return step("ktls", "sendfile");
	close(fd);
	step("ktls", finish(c, pid) ? NULL : "the receiver did not decrypt every byte");
}

/*
 * The same through a real NIC: virtio-net to QEMU's user network, whose
 * guestfwd runs cat for each connection to 10.0.2.100:7000, so every byte
 * comes back through the device's receive path (page frags, skb coalescing).
 */
static void do_virtio_net(void)
{
	static char in[65536];
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(7000),
				 .sin_addr.s_addr = htonl(0x0a000264) };
	int c = socket(AF_INET, SOCK_STREAM, 0), st = 1;
	pid_t pid;

	if (c < 0 || connect(c, (void *)&a, sizeof(a)))
		return step("virtio-net", "connect to 10.0.2.100:7000 (QEMU guestfwd) through eth0");
	pid = fork();
	if (pid == 0) {
		long got = 0;
		ssize_t n;

		while (got < FILESZ && (n = read(c, in, sizeof(in))) > 0)
			got += n;
		_exit(got == FILESZ ? 0 : 1);
	}
	if (write_n(c, 'n', FILESZ))
		return step("virtio-net", "write");
	waitpid(pid, &st, 0);
	close(c);
	errno = 0;
	step("virtio-net", WIFEXITED(st) && WEXITSTATUS(st) == 0 ? NULL : "the echo came back short");
}

int main(void)
{
	mkdir("/tmp", 01777);
	tcp_bulk();
	do_sendfile();
	do_splice();
	do_vmsplice();
	do_zerocopy();
	do_ktls();
	do_virtio_net();
	printf("PAGEREF-WORKLOAD %s\n", failed ? "fail" : "ok");
	return failed;
}
