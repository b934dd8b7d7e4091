/* lang.c -- see lang.h. */
#include "core/lang.h"

#include <stdio.h>
#include <string.h>

const char *const fm_lang_codes[] = { "en", "az", "hy", "ru" };
const int fm_lang_count = 4;

static int lang_index(const char *lang)
{
    for (int i = 0; lang && i < fm_lang_count; i++)
        if (strcmp(lang, fm_lang_codes[i]) == 0) return i;
    return -1;
}

int fm_lang_check(const char *lang, const char *option, fm_error *err)
{
    if (lang_index(lang) >= 0) return 0;
    return fm_error_usage(err, "%s: unknown language \"%s\": use en, az, hy or ru", option,
                          lang ? lang : "");
}

void fm_lang_format_date(fm_day d, const char *lang, char *buf, size_t size)
{
    static const char *months[4][12] = {
        { "January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December" },
        { "yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr",
          "oktyabr", "noyabr", "dekabr" },
        /* Armenian and Russian dates use the genitive month name. */
        { "հունվարի", "փետրվարի", "մարտի", "ապրիլի", "մայիսի", "հունիսի", "հուլիսի", "օգոստոսի",
          "սեպտեմբերի", "հոկտեմբերի", "նոյեմբերի", "դեկտեմբերի" },
        { "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
          "октября", "ноября", "декабря" },
    };
    int y, m, day, li = lang_index(lang);
    if (li < 0) li = 0;
    fm_day_to_ymd(d, &y, &m, &day);
    if (li == 3) snprintf(buf, size, "%d %s %d г.", day, months[li][m - 1], y);
    else if (li == 2) snprintf(buf, size, "%d թ. %s %d", y, months[li][m - 1], day);
    else snprintf(buf, size, "%d %s %d", day, months[li][m - 1], y);
}
