// Package demo builds demonstration and benchmark data for gongkai: the demo
// jurisdiction of 安溪县人民政府 (Anxi), whose computed 2020 county report
// reproduces the published one, with plausible 2021–2025 data (Anxi), and a
// large synthetic jurisdiction streamed for benchmarks (Synthetic). Load
// writes either through the store interfaces.
//
// Everything here is demo data: applicant names, identity numbers, codes and
// phone numbers are synthetic (identity numbers are born in 1900, applicants
// are called 测试申请人…), although the agencies' names are those of the real
// county.
package demo

import (
	"time"

	"gongkai"
)

// Dataset is a jurisdiction with its records, ready to be loaded into a
// store.
type Dataset struct {
	// Agencies lists parents before children.
	Agencies []*gongkai.Agency
	Users    []DemoUser
	// Applicants holds the personal data of every applicant of Requests,
	// once per applicant (gongkai.RequestStore.CreateRequest needs it).
	Applicants []*gongkai.ApplicantRecord
	Requests   []*gongkai.Request
	Appeals    []*gongkai.Appeal
	Proactive  []*gongkai.ProactiveInput
	// Items are the published catalog (政府信息公开目录) of every agency,
	// each agency's in the order its 索引号 were issued.
	Items []*gongkai.Item
}

// DemoUser is a staff account of the demo with its clear-text password
// (printed for the demo; Load stores only its hash).
type DemoUser struct {
	Username       string
	Password       string
	Name           string
	Role           gongkai.Role
	AgencyID       string
	IncludeSubtree bool
}

// cst is China Standard Time, for the recording times of events.
var cst = time.FixedZone("CST", 8*3600)

// Agency returns the agency with the given id, or nil.
func (ds *Dataset) Agency(id string) *gongkai.Agency {
	for _, a := range ds.Agencies {
		if a.ID == id {
			return a
		}
	}
	return nil
}

// Subtree returns the ids of agency id and every agency below it, parents
// first.
func (ds *Dataset) Subtree(id string) []string {
	out := []string{id}
	for i := 0; i < len(out); i++ {
		for _, a := range ds.Agencies {
			if a.ParentID == out[i] {
				out = append(out, a.ID)
			}
		}
	}
	return out
}
