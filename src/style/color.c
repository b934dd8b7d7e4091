/* color.c -- see color.h. */
#include "style/color.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The CSS Color 4 named colours, sorted for bsearch ("transparent" is
** handled apart: it is the one with alpha 0). */
typedef struct named_color {
    const char *name;
    unsigned rgb;
} named_color;

static const named_color NAMED_COLORS[] = {
    { "aliceblue", 0xf0f8ff },
    { "antiquewhite", 0xfaebd7 },
    { "aqua", 0x00ffff },
    { "aquamarine", 0x7fffd4 },
    { "azure", 0xf0ffff },
    { "beige", 0xf5f5dc },
    { "bisque", 0xffe4c4 },
    { "black", 0x000000 },
    { "blanchedalmond", 0xffebcd },
    { "blue", 0x0000ff },
    { "blueviolet", 0x8a2be2 },
    { "brown", 0xa52a2a },
    { "burlywood", 0xdeb887 },
    { "cadetblue", 0x5f9ea0 },
    { "chartreuse", 0x7fff00 },
    { "chocolate", 0xd2691e },
    { "coral", 0xff7f50 },
    { "cornflowerblue", 0x6495ed },
    { "cornsilk", 0xfff8dc },
    { "crimson", 0xdc143c },
    { "cyan", 0x00ffff },
    { "darkblue", 0x00008b },
    { "darkcyan", 0x008b8b },
    { "darkgoldenrod", 0xb8860b },
    { "darkgray", 0xa9a9a9 },
    { "darkgreen", 0x006400 },
    { "darkgrey", 0xa9a9a9 },
    { "darkkhaki", 0xbdb76b },
    { "darkmagenta", 0x8b008b },
    { "darkolivegreen", 0x556b2f },
    { "darkorange", 0xff8c00 },
    { "darkorchid", 0x9932cc },
    { "darkred", 0x8b0000 },
    { "darksalmon", 0xe9967a },
    { "darkseagreen", 0x8fbc8f },
    { "darkslateblue", 0x483d8b },
    { "darkslategray", 0x2f4f4f },
    { "darkslategrey", 0x2f4f4f },
    { "darkturquoise", 0x00ced1 },
    { "darkviolet", 0x9400d3 },
    { "deeppink", 0xff1493 },
    { "deepskyblue", 0x00bfff },
    { "dimgray", 0x696969 },
    { "dimgrey", 0x696969 },
    { "dodgerblue", 0x1e90ff },
    { "firebrick", 0xb22222 },
    { "floralwhite", 0xfffaf0 },
    { "forestgreen", 0x228b22 },
    { "fuchsia", 0xff00ff },
    { "gainsboro", 0xdcdcdc },
    { "ghostwhite", 0xf8f8ff },
    { "gold", 0xffd700 },
    { "goldenrod", 0xdaa520 },
    { "gray", 0x808080 },
    { "green", 0x008000 },
    { "greenyellow", 0xadff2f },
    { "grey", 0x808080 },
    { "honeydew", 0xf0fff0 },
    { "hotpink", 0xff69b4 },
    { "indianred", 0xcd5c5c },
    { "indigo", 0x4b0082 },
    { "ivory", 0xfffff0 },
    { "khaki", 0xf0e68c },
    { "lavender", 0xe6e6fa },
    { "lavenderblush", 0xfff0f5 },
    { "lawngreen", 0x7cfc00 },
    { "lemonchiffon", 0xfffacd },
    { "lightblue", 0xadd8e6 },
    { "lightcoral", 0xf08080 },
    { "lightcyan", 0xe0ffff },
    { "lightgoldenrodyellow", 0xfafad2 },
    { "lightgray", 0xd3d3d3 },
    { "lightgreen", 0x90ee90 },
    { "lightgrey", 0xd3d3d3 },
    { "lightpink", 0xffb6c1 },
    { "lightsalmon", 0xffa07a },
    { "lightseagreen", 0x20b2aa },
    { "lightskyblue", 0x87cefa },
    { "lightslategray", 0x778899 },
    { "lightslategrey", 0x778899 },
    { "lightsteelblue", 0xb0c4de },
    { "lightyellow", 0xffffe0 },
    { "lime", 0x00ff00 },
    { "limegreen", 0x32cd32 },
    { "linen", 0xfaf0e6 },
    { "magenta", 0xff00ff },
    { "maroon", 0x800000 },
    { "mediumaquamarine", 0x66cdaa },
    { "mediumblue", 0x0000cd },
    { "mediumorchid", 0xba55d3 },
    { "mediumpurple", 0x9370db },
    { "mediumseagreen", 0x3cb371 },
    { "mediumslateblue", 0x7b68ee },
    { "mediumspringgreen", 0x00fa9a },
    { "mediumturquoise", 0x48d1cc },
    { "mediumvioletred", 0xc71585 },
    { "midnightblue", 0x191970 },
    { "mintcream", 0xf5fffa },
    { "mistyrose", 0xffe4e1 },
    { "moccasin", 0xffe4b5 },
    { "navajowhite", 0xffdead },
    { "navy", 0x000080 },
    { "oldlace", 0xfdf5e6 },
    { "olive", 0x808000 },
    { "olivedrab", 0x6b8e23 },
    { "orange", 0xffa500 },
    { "orangered", 0xff4500 },
    { "orchid", 0xda70d6 },
    { "palegoldenrod", 0xeee8aa },
    { "palegreen", 0x98fb98 },
    { "paleturquoise", 0xafeeee },
    { "palevioletred", 0xdb7093 },
    { "papayawhip", 0xffefd5 },
    { "peachpuff", 0xffdab9 },
    { "peru", 0xcd853f },
    { "pink", 0xffc0cb },
    { "plum", 0xdda0dd },
    { "powderblue", 0xb0e0e6 },
    { "purple", 0x800080 },
    { "rebeccapurple", 0x663399 },
    { "red", 0xff0000 },
    { "rosybrown", 0xbc8f8f },
    { "royalblue", 0x4169e1 },
    { "saddlebrown", 0x8b4513 },
    { "salmon", 0xfa8072 },
    { "sandybrown", 0xf4a460 },
    { "seagreen", 0x2e8b57 },
    { "seashell", 0xfff5ee },
    { "sienna", 0xa0522d },
    { "silver", 0xc0c0c0 },
    { "skyblue", 0x87ceeb },
    { "slateblue", 0x6a5acd },
    { "slategray", 0x708090 },
    { "slategrey", 0x708090 },
    { "snow", 0xfffafa },
    { "springgreen", 0x00ff7f },
    { "steelblue", 0x4682b4 },
    { "tan", 0xd2b48c },
    { "teal", 0x008080 },
    { "thistle", 0xd8bfd8 },
    { "tomato", 0xff6347 },
    { "turquoise", 0x40e0d0 },
    { "violet", 0xee82ee },
    { "wheat", 0xf5deb3 },
    { "white", 0xffffff },
    { "whitesmoke", 0xf5f5f5 },
    { "yellow", 0xffff00 },
    { "yellowgreen", 0x9acd32 },
};

static int named_color_cmp(const void *key, const void *item)
{
    return strcmp(key, ((const named_color *)item)->name);
}

static int hex_digit(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* The digits after '#': rgb, rgba, rrggbb or rrggbbaa. */
static int parse_hex(const char *s, fm_color *out)
{
    size_t n = strlen(s);
    int d[8];
    if (n != 3 && n != 4 && n != 6 && n != 8) return -1;
    for (size_t i = 0; i < n; i++)
        if ((d[i] = hex_digit(s[i])) < 0) return -1;
    int short_form = n <= 4, has_alpha = n == 4 || n == 8;
    double ch[4];
    for (int i = 0; i < 4; i++) {
        if (i == 3 && !has_alpha) {
            ch[i] = 255;
        } else {
            ch[i] = short_form ? d[i] * 17 : d[2 * i] * 16 + d[2 * i + 1];
        }
    }
    *out = (fm_color){ ch[0] / 255, ch[1] / 255, ch[2] / 255, ch[3] / 255 };
    return 0;
}

typedef struct css_arg {
    double value;
    int percent;
} css_arg;

static const char *skip_blanks(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
    return s;
}

/* The arguments of rgb()/hsl() after the '(' and up to the ')': up to
** four numbers, each maybe with '%' (the hue maybe with "deg"), separated
** by commas or blanks, the alpha maybe after '/' (CSS Color 4). */
static int parse_css_args(const char *s, css_arg *args, int *n)
{
    *n = 0;
    for (;;) {
        s = skip_blanks(s);
        if (*n > 0 && *s == ')') break;
        if (*n == 4) return -1;
        char *end;
        double v = strtod(s, &end);
        if (end == s || !isfinite(v)) return -1;
        s = end;
        args[*n] = (css_arg){ v, 0 };
        if (*s == '%') {
            args[*n].percent = 1;
            s++;
        } else if (*n == 0 && strncmp(s, "deg", 3) == 0) {
            s += 3;
        }
        (*n)++;
        s = skip_blanks(s);
        if (*s == ',' || *s == '/') s++;
    }
    return *skip_blanks(s + 1) ? -1 : 0;
}

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

static double css_alpha(const css_arg *a)
{
    return clamp(a->percent ? a->value / 100 : a->value, 0, 1);
}

static double hue_to_rgb(double m1, double m2, double h)
{
    if (h < 0) h += 1;
    if (h > 1) h -= 1;
    if (h * 6 < 1) return m1 + (m2 - m1) * h * 6;
    if (h * 2 < 1) return m2;
    if (h * 3 < 2) return m1 + (m2 - m1) * (2.0 / 3 - h) * 6;
    return m1;
}

static int parse_functional(const char *s, fm_color *out)
{
    int hsl = strncmp(s, "hsl", 3) == 0;
    const char *open = strchr(s, '(');
    size_t name_len = open ? (size_t)(open - s) : 0;
    if (!open || !(name_len == 3 || (name_len == 4 && s[3] == 'a'))) return -1;
    if (!hsl && strncmp(s, "rgb", 3) != 0) return -1;
    css_arg a[4];
    int n;
    if (parse_css_args(open + 1, a, &n) || n < 3) return -1;
    double alpha = n == 4 ? css_alpha(&a[3]) : 1;
    if (!hsl) {
        double ch[3];
        for (int i = 0; i < 3; i++)
            ch[i] =
                a[i].percent ? clamp(a[i].value, 0, 100) / 100 : clamp(a[i].value, 0, 255) / 255;
        *out = (fm_color){ ch[0], ch[1], ch[2], alpha };
        return 0;
    }
    double h = fmod(a[0].value, 360) / 360;
    if (h < 0) h += 1;
    double sat = clamp(a[1].value / 100, 0, 1), l = clamp(a[2].value / 100, 0, 1);
    double m2 = l <= 0.5 ? l * (sat + 1) : l + sat - l * sat, m1 = l * 2 - m2;
    *out = (fm_color){ hue_to_rgb(m1, m2, h + 1.0 / 3), hue_to_rgb(m1, m2, h),
                       hue_to_rgb(m1, m2, h - 1.0 / 3), alpha };
    return 0;
}

int fm_color_parse(const char *text, fm_color *out, fm_error *err)
{
    char buf[64];
    size_t n = 0;
    const char *s = text ? skip_blanks(text) : "";
    /* Case-insensitive, blanks around ignored. */
    for (; *s && n < sizeof buf - 1; s++) buf[n++] = (*s >= 'A' && *s <= 'Z') ? *s + 32 : *s;
    while (n && (buf[n - 1] == ' ' || buf[n - 1] == '\t' || buf[n - 1] == '\n')) n--;
    buf[n] = '\0';
    fm_color c;
    int ok = 0;
    if (*s) {
        ok = 0; /* longer than any colour */
    } else if (buf[0] == '#') {
        ok = parse_hex(buf + 1, &c) == 0;
    } else if (strchr(buf, '(')) {
        ok = parse_functional(buf, &c) == 0;
    } else if (strcmp(buf, "transparent") == 0) {
        c = (fm_color){ 0, 0, 0, 0 };
        ok = 1;
    } else {
        const named_color *nc =
            bsearch(buf, NAMED_COLORS, sizeof NAMED_COLORS / sizeof *NAMED_COLORS,
                    sizeof *NAMED_COLORS, named_color_cmp);
        if (nc) {
            c = (fm_color){ (nc->rgb >> 16) / 255.0, ((nc->rgb >> 8) & 0xff) / 255.0,
                            (nc->rgb & 0xff) / 255.0, 1 };
            ok = 1;
        }
    }
    if (!ok)
        return fm_error_set(err,
                            "\"%s\" is not a colour; use #rgb, #rgba, #rrggbb, "
                            "#rrggbbaa, rgb(), rgba(), hsl(), hsla() or a CSS colour "
                            "name",
                            text ? text : "(null)");
    *out = c;
    return 0;
}
