/* utf8.c -- see utf8.h. */
#include "core/utf8.h"

#include <string.h>

/* Decode one UTF-8 sequence; invalid bytes come back as themselves with
** length 1 (and are copied through untouched). */
unsigned fm_utf8_decode(const unsigned char *s, int *len)
{
    unsigned c = s[0];
    int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n <= 1) {
        *len = 1;
        return n == 1 ? c : FM_UTF8_INVALID;
    }
    unsigned cp = c & (0x7F >> n);
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *len = 1;
            return FM_UTF8_INVALID;
        }
        cp = cp << 6 | (s[i] & 0x3F);
    }
    *len = n;
    return cp;
}

int fm_utf8_encode(unsigned cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Ranges where upper and lower case alternate: even/odd code points. */
static int in_pairs(unsigned cp, unsigned first, unsigned last)
{
    return cp >= first && cp <= last;
}

/* Simple (one to one) case mapping of the scripts frontmap labels in:
** Latin (Azerbaijani Ə/ə, Ş, Ğ, Ç, Ö, Ü, ı), Greek, Cyrillic, Armenian. */
static unsigned to_upper_cp(unsigned c)
{
    if (c >= 'a' && c <= 'z') return c - 32;
    if (c == 0xB5) return 0x39C;
    if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 32;
    if (c == 0xFF) return 0x178;
    if (c == 0x131) return 'I';
    if (c == 0x17F) return 'S';
    if (c == 0x259) return 0x18F;
    if ((in_pairs(c, 0x100, 0x12F) || in_pairs(c, 0x132, 0x137) || in_pairs(c, 0x14A, 0x177) ||
         in_pairs(c, 0x460, 0x481) || in_pairs(c, 0x48A, 0x4BF) || in_pairs(c, 0x4D0, 0x52F) ||
         in_pairs(c, 0x1E00, 0x1E95) || in_pairs(c, 0x1EA0, 0x1EFF)) &&
        (c & 1))
        return c - 1;
    if ((in_pairs(c, 0x139, 0x148) || in_pairs(c, 0x179, 0x17E) || in_pairs(c, 0x4C1, 0x4CE)) &&
        !(c & 1))
        return c - 1;
    if (c == 0x4CF) return 0x4C0;
    if (c == 0x3C2) return 0x3A3;
    if ((c >= 0x3B1 && c <= 0x3C1) || (c >= 0x3C3 && c <= 0x3CB)) return c - 32;
    if (c == 0x3AC) return 0x386;
    if (c >= 0x3AD && c <= 0x3AF) return c - 37;
    if (c == 0x3CC) return 0x38C;
    if (c == 0x3CD || c == 0x3CE) return c - 63;
    if (c >= 0x430 && c <= 0x44F) return c - 32;
    if (c >= 0x450 && c <= 0x45F) return c - 80;
    if (c >= 0x561 && c <= 0x586) return c - 48;
    return c;
}

static unsigned to_lower_cp(unsigned c)
{
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
    if (c == 0x178) return 0xFF;
    if (c == 0x18F) return 0x259;
    if (c == 0x1E9E) return 0xDF;
    if ((in_pairs(c, 0x100, 0x12F) || in_pairs(c, 0x132, 0x137) || in_pairs(c, 0x14A, 0x177) ||
         in_pairs(c, 0x460, 0x481) || in_pairs(c, 0x48A, 0x4BF) || in_pairs(c, 0x4D0, 0x52F) ||
         in_pairs(c, 0x1E00, 0x1E95) || in_pairs(c, 0x1EA0, 0x1EFF)) &&
        !(c & 1))
        return c + 1;
    if ((in_pairs(c, 0x139, 0x148) || in_pairs(c, 0x179, 0x17E) || in_pairs(c, 0x4C1, 0x4CE)) &&
        (c & 1))
        return c + 1;
    if (c == 0x4C0) return 0x4CF;
    if ((c >= 0x391 && c <= 0x3A1) || (c >= 0x3A3 && c <= 0x3AB)) return c + 32;
    if (c == 0x386) return 0x3AC;
    if (c >= 0x388 && c <= 0x38A) return c + 37;
    if (c == 0x38C) return 0x3CC;
    if (c == 0x38E || c == 0x38F) return c + 63;
    if (c >= 0x410 && c <= 0x42F) return c + 32;
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    if (c >= 0x531 && c <= 0x556) return c + 48;
    return c;
}

/* The few letters whose other case is two letters, as JavaScript's
** toUpperCase/toLowerCase give them. */
static const char *special_case(unsigned c, int upper)
{
    if (upper && c == 0xDF) return "SS";
    if (upper && c == 0x587) return "\xD4\xB5\xD5\x92"; /* և -> ԵՒ */
    if (!upper && c == 0x130) return "i\xCC\x87";       /* İ -> i̇ */
    return NULL;
}

int fm_utf8_case_map(const char *text, int upper, char *buf, size_t size)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t o = 0;
    while (*s) {
        int len, n;
        unsigned cp = fm_utf8_decode(s, &len);
        char enc[8];
        const char *sp = cp == FM_UTF8_INVALID ? NULL : special_case(cp, upper);
        if (cp == FM_UTF8_INVALID) {
            enc[0] = (char)s[0];
            n = 1;
        } else if (sp) {
            n = (int)strlen(sp);
            memcpy(enc, sp, (size_t)n);
        } else {
            n = fm_utf8_encode(upper ? to_upper_cp(cp) : to_lower_cp(cp), enc);
        }
        if (o + (size_t)n + 1 > size) return -1;
        memcpy(buf + o, enc, (size_t)n);
        o += (size_t)n;
        s += len;
    }
    if (o + 1 > size) return -1;
    buf[o] = '\0';
    return (int)o;
}

void fm_utf8_copy(char *dst, const char *src, size_t size)
{
    size_t n = strlen(src);
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80) n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}
