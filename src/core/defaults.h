/*
** defaults.h -- the one place for defaults that several products share.
** Typography (fonts, sizes) is not here: it belongs to the styles.
*/
#ifndef FM_DEFAULTS_H
#define FM_DEFAULTS_H

/* "Recent" changes and event markers: the days before the map's date. */
#define FM_RECENT_DAYS 30

#endif
