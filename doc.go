// Package gongkai is the domain of the gongkai system: the working-day
// calendar, requests for disclosure (依申请公开) and their statutory clocks,
// review and litigation cases, and the statistics that feed the annual report.
//
// It depends only on the standard library and on gongkai/report (the annual
// report model, itself standard-library only). Storage, HTTP and file formats
// live in subpackages; business rules live here, once, with the clock injected.
package gongkai
