package dxcheck.dx013_test

import data.dxcheck.dx013

test_zero_minimum_links_is_denied if {
	findings := dx013.deny with input as {"lags": [
		{"lagId": "dxlag-0", "lagState": "available", "minimumLinks": 0},
		{"lagId": "dxlag-1", "lagState": "available", "minimumLinks": 1},
		{"lagId": "dxlag-absent", "lagState": "available"},
		{"lagId": "dxlag-deleted", "lagState": "deleted", "minimumLinks": 0},
		{"lagId": "dxlag-odd", "lagState": "someFutureState", "minimumLinks": 0},
	]}
	{f.resource | some f in findings} == {"dxlag-0"}
}
