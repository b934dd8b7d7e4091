/* number.c -- see number.h. */
#include "style/number.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* JavaScript's Number.prototype.toString: the shortest digits that read
** back as the same double, laid out fixed for 1e-7 < |x| < 1e21 and
** exponential otherwise. */
void fm_number_format(double x, char *buf, size_t size)
{
    if (isnan(x)) {
        snprintf(buf, size, "NaN");
        return;
    }
    if (isinf(x)) {
        snprintf(buf, size, x < 0 ? "-Infinity" : "Infinity");
        return;
    }
    if (x == 0) {
        snprintf(buf, size, "0");
        return;
    }
    char tmp[40], digits[24], out[64];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec - 1, x);
        if (strtod(tmp, NULL) == x) break;
    }
    int neg = tmp[0] == '-', k = 0;
    const char *p = tmp + neg;
    for (; *p && *p != 'e' && k < 20; p++)
        if (*p != '.') digits[k++] = *p;
    int point = atoi(p + 1) + 1; /* digits before the decimal point */
    while (k > 1 && digits[k - 1] == '0') k--;
    digits[k] = '\0';

    size_t o = 0;
    if (neg) out[o++] = '-';
    if (k <= point && point <= 21) {
        for (int i = 0; i < point; i++) out[o++] = i < k ? digits[i] : '0';
    } else if (0 < point && point <= 21) {
        for (int i = 0; i < k; i++) {
            if (i == point) out[o++] = '.';
            out[o++] = digits[i];
        }
    } else if (-6 < point && point <= 0) {
        out[o++] = '0';
        out[o++] = '.';
        for (int i = 0; i < -point; i++) out[o++] = '0';
        for (int i = 0; i < k; i++) out[o++] = digits[i];
    } else {
        out[o++] = digits[0];
        if (k > 1) out[o++] = '.';
        for (int i = 1; i < k; i++) out[o++] = digits[i];
        o += (size_t)snprintf(out + o, sizeof out - o, "e%c%d", point - 1 >= 0 ? '+' : '-',
                              abs(point - 1));
    }
    out[o] = '\0';
    snprintf(buf, size, "%s", out);
}

/* JavaScript's Number(text): blanks around, "" is 0, decimal, hex with
** 0x, Infinity; anything else is not a number. */
int fm_number_parse(const char *s, double *out)
{
    while (*s == ' ' || (*s >= '\t' && *s <= '\r')) s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || (s[n - 1] >= '\t' && s[n - 1] <= '\r'))) n--;
    char buf[128];
    if (n >= sizeof buf) return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (n == 0) {
        *out = 0;
        return 0;
    }
    const char *p = buf;
    int sign = 1;
    if (*p == '+' || *p == '-') sign = *p++ == '-' ? -1 : 1;
    if (strcmp(p, "Infinity") == 0) {
        *out = sign * HUGE_VAL;
        return 0;
    }
    if (p == buf && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && p[2]) {
        double x = 0;
        for (const char *q = p + 2; *q; q++) {
            int d = *q >= '0' && *q <= '9'   ? *q - '0'
                    : *q >= 'a' && *q <= 'f' ? *q - 'a' + 10
                    : *q >= 'A' && *q <= 'F' ? *q - 'A' + 10
                                             : -1;
            if (d < 0) return -1;
            x = x * 16 + d;
        }
        *out = x;
        return 0;
    }
    /* digits [. digits] [e [sign] digits], at least one digit before e. */
    const char *q = p;
    int digits = 0;
    while (*q >= '0' && *q <= '9') q++, digits++;
    if (*q == '.')
        for (q++; *q >= '0' && *q <= '9'; q++) digits++;
    if (!digits) return -1;
    if (*q == 'e' || *q == 'E') {
        q++;
        if (*q == '+' || *q == '-') q++;
        if (!(*q >= '0' && *q <= '9')) return -1;
        while (*q >= '0' && *q <= '9') q++;
    }
    if (*q) return -1;
    *out = strtod(buf, NULL);
    return 0;
}
