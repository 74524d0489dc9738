package csvfile

import "strconv"

func parseFloatStd(s string) (float64, error) { return strconv.ParseFloat(s, 64) }
