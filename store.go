package gongkai

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"strings"
	"time"

	"gongkai/report"
)

// Store is the whole persistent state of gongkai. The implementations are
// gongkai/sqlite (the default) and gongkai/postgres; gongkai/storetest holds
// the conformance suite both pass.
//
// Every write method needs an actor in its context (WithActor; EUNAUTHORIZED
// without one) and writes its AuditEntry in the same transaction as the
// change itself. Methods return ENOTFOUND for a missing record, never a nil
// record and a nil error.
type Store interface {
	AgencyStore
	UserStore
	RequestStore
	AppealStore
	TallyStore
	ProactiveInputStore
	AnnualReportStore
	ItemStore
	ItemFileStore
	AuditLog

	// WithTx runs fn in one transaction on a Store bound to it: all of fn's
	// writes, with their audit entries, are committed together when fn
	// returns nil and rolled back otherwise. Calling WithTx on that Store
	// runs fn in the same transaction.
	WithTx(ctx context.Context, fn func(tx Store) error) error
	// Close releases the database. The Store given to WithTx's fn must not
	// be closed.
	Close() error
}

// AgencyStore keeps the agency tree.
type AgencyStore interface {
	// CreateAgency stores a new agency. EINVALID for a bad agency, ENOTFOUND
	// for a missing parent, ECONFLICT when the ID or the Code is taken.
	CreateAgency(ctx context.Context, a *Agency) error
	// Agency returns one agency; ENOTFOUND when there is none.
	Agency(ctx context.Context, id string) (*Agency, error)
	// Agencies returns the agencies f selects, ordered by ID.
	Agencies(ctx context.Context, f AgencyFilter) ([]*Agency, error)
	// UpdateAgency changes an agency and returns it. ENOTFOUND, EINVALID
	// (including a move below itself), ECONFLICT for a taken Code.
	UpdateAgency(ctx context.Context, id string, u AgencyUpdate) (*Agency, error)
	// AgencyPath returns the IDs from the root of the tree down to id
	// (inclusive); ENOTFOUND when id does not exist.
	AgencyPath(ctx context.Context, id string) ([]string, error)
	// Subtree returns the agency id and every agency below it, parents
	// before children; ENOTFOUND when id does not exist.
	Subtree(ctx context.Context, id string) ([]*Agency, error)
}

// UserStore keeps the staff accounts.
type UserStore interface {
	// CreateUser stores a new user. EINVALID, ENOTFOUND for a missing
	// agency, ECONFLICT when the ID or the Login is taken.
	CreateUser(ctx context.Context, u *User) error
	// User returns one user; ENOTFOUND.
	User(ctx context.Context, id string) (*User, error)
	// UserByLogin returns the user who signs in as login; ENOTFOUND.
	UserByLogin(ctx context.Context, login string) (*User, error)
	// Users returns the users f selects, ordered by Login.
	Users(ctx context.Context, f UserFilter) ([]*User, error)
	// UpdateUser changes a user and returns it. ENOTFOUND, EINVALID.
	UpdateUser(ctx context.Context, id string, u UserUpdate) (*User, error)
}

// RequestStore keeps requests as their events, and the applicants' personal
// data once per applicant. The version of a request is the number of its
// events, len(r.Events). The store persists; legality of an event is decided
// before by Policy.Record.
type RequestStore interface {
	// CreateRequest stores a new request with the events it already has and
	// its applicant. a.ID must equal r.Applicant.ID; an applicant stored
	// before is updated to a's data. EINVALID, ENOTFOUND for a missing
	// agency, ECONFLICT when the ID is taken.
	CreateRequest(ctx context.Context, r *Request, a *ApplicantRecord) error
	// Request returns a request with all its events, the applicant's name
	// and type filled from the applicant record; ENOTFOUND.
	Request(ctx context.Context, id string) (*Request, error)
	// Requests returns the requests f selects, ordered by ID.
	Requests(ctx context.Context, f RequestFilter) ([]*Request, error)
	// AppendEvents appends events to the request when its version is still
	// expectedVersion, and returns the new version. ECONFLICT when another
	// writer appended first (reload, re-check, retry), ENOTFOUND, EINVALID
	// for an event without a kind or a date.
	AppendEvents(ctx context.Context, requestID string, expectedVersion int, events ...Event) (int, error)
	// Applicant returns an applicant's personal data; ENOTFOUND. Callers
	// show it only to users for whom User.CanSeeApplicant holds.
	Applicant(ctx context.Context, id string) (*ApplicantRecord, error)
	// UpdateApplicant replaces an applicant's personal data; ENOTFOUND, EINVALID.
	UpdateApplicant(ctx context.Context, a *ApplicantRecord) error
}

// AppealStore keeps review (行政复议) and litigation (行政诉讼) cases.
type AppealStore interface {
	// CreateAppeal stores a new case. EINVALID, ENOTFOUND for a missing
	// request, ECONFLICT when the ID is taken.
	CreateAppeal(ctx context.Context, a *Appeal) error
	// Appeal returns one case; ENOTFOUND.
	Appeal(ctx context.Context, id string) (*Appeal, error)
	// Appeals returns the cases f selects, ordered by ID.
	Appeals(ctx context.Context, f AppealFilter) ([]*Appeal, error)
	// CloseAppeal records the end of a case and returns it. ECONFLICT when
	// it was closed already, EINVALID for a bad outcome or date, ENOTFOUND.
	// Reopening the request after 结果纠正 is Policy.CloseAppeal's event,
	// appended in the same WithTx.
	CloseAppeal(ctx context.Context, id string, on Date, outcome AppealOutcome) (*Appeal, error)
}

// ProactiveInputStore keeps the table 二 figures that come from outside
// gongkai, per agency and year.
type ProactiveInputStore interface {
	// PutProactiveInput creates (in.Version 0) or replaces (in.Version the
	// version read) the inputs of an agency and year, and sets in.Version,
	// UpdatedAt and UpdatedBy. ECONFLICT when the stored version differs,
	// EINVALID, ENOTFOUND for a missing agency.
	PutProactiveInput(ctx context.Context, in *ProactiveInput) error
	// ProactiveInput returns the inputs of one agency and year; ENOTFOUND.
	ProactiveInput(ctx context.Context, agency string, year int) (*ProactiveInput, error)
	// ProactiveInputs returns the inputs f selects, by agency then year.
	ProactiveInputs(ctx context.Context, f ProactiveInputFilter) ([]*ProactiveInput, error)
}

// AnnualReportStore keeps annual reports, each revision going draft →
// checked → published. A published revision never changes; a correction is
// a new revision.
type AnnualReportStore interface {
	// CreateAnnualReport stores a new draft revision of the report of
	// r.Agency for r.Year, numbered one past the latest, and sets r's
	// Revision, Version (1), Status and times. ECONFLICT while an
	// unpublished revision exists, EINVALID, ENOTFOUND for a missing agency.
	CreateAnnualReport(ctx context.Context, r *AnnualReport) error
	// AnnualReport returns one revision (0: the latest); ENOTFOUND.
	AnnualReport(ctx context.Context, agency string, year, revision int) (*AnnualReport, error)
	// AnnualReports returns the revisions f selects, by agency, year, revision.
	AnnualReports(ctx context.Context, f AnnualReportFilter) ([]*AnnualReport, error)
	// UpdateAnnualReport replaces the body of revision r.Revision when its
	// version is still r.Version, sends it back to draft, and sets r's new
	// Version, Status and times. ECONFLICT when the version moved or the
	// revision is published (immutable), ENOTFOUND, EINVALID.
	UpdateAnnualReport(ctx context.Context, r *AnnualReport) error
	// SetAnnualReportStatus moves a revision to status to when its version is
	// still expectedVersion (see ReportTransition) and returns it. The caller
	// has run the consistency rules before marking a report checked.
	// ECONFLICT when the version moved or the revision is published,
	// EINVALID for a transition that skips a step, ENOTFOUND.
	SetAnnualReportStatus(ctx context.Context, agency string, year, revision, expectedVersion int, to ReportStatus) (*AnnualReport, error)
}

// AuditLog is the append-only log of every write.
type AuditLog interface {
	// AuditEntries returns the entries f selects, oldest first.
	AuditEntries(ctx context.Context, f AuditFilter) ([]*AuditEntry, error)
	// AppendAudit records an event that is not a store write (a sign-in, an
	// export) and sets e.ID and e.At. The actor is e.Actor, or the context's.
	AppendAudit(ctx context.Context, e *AuditEntry) error
	// AuditMark returns a number that grows whenever a write commits, by
	// this process or another (every write appends an audit entry in its
	// transaction), and stays put otherwise; 0 for an empty log. On SQLite
	// it is the id of the newest audit entry; PostgreSQL's counts the
	// entries that commit late too (postgres/audit_mark.go). Caches of
	// derived pages compare it to tell whether they are still valid.
	AuditMark(ctx context.Context) (int64, error)
}

// RequestFilter selects requests. Zero fields do not filter; the fields
// that are set must all hold.
type RequestFilter struct {
	Agencies    []string // handled by one of these agencies (e.g. a Subtree)
	ApplicantID string
	Year        int   // received in this year
	Open        *bool // open (not closed, or reopened) or closed
	// ActiveInYear selects the requests a report of that year counts:
	// received by its end and not first closed before its start.
	ActiveInYear int
	Offset       int
	Limit        int
}

// ApplicantRecord is an applicant's personal data, stored once per applicant
// and shown only to the clerks of the agencies handling their requests.
type ApplicantRecord struct {
	ID       string // Applicant.ID: ApplicantKey(IDNumber), or another stable key
	Type     ApplicantType
	Name     string // 姓名 / 名称
	IDNumber string // 身份证件号码 / 统一社会信用代码
	Phone    string
	Email    string
	Address  string // 通信地址
}

// ApplicantKey returns a stable applicant ID derived from an identity
// number, so that the same person is stored once and the monthly fee count
// (国办函〔2020〕109号) finds all their requests.
func ApplicantKey(idNumber string) string {
	sum := sha256.Sum256([]byte(strings.ToUpper(strings.TrimSpace(idNumber))))
	return "ap-" + hex.EncodeToString(sum[:12])
}

// Validate checks the record.
func (a *ApplicantRecord) Validate() error {
	switch {
	case a.ID == "":
		return Errorf(EINVALID, "applicant without an id")
	case strings.TrimSpace(a.Name) == "":
		return Errorf(EINVALID, "applicant %s: name required", a.ID)
	}
	for _, t := range ApplicantTypes {
		if a.Type == t {
			return nil
		}
	}
	return Errorf(EINVALID, "applicant %s: type %q is not one of the table 三 columns", a.ID, a.Type)
}

// Masked returns a copy fit for logs: name, number, phone, e-mail and
// address masked.
func (a ApplicantRecord) Masked() ApplicantRecord {
	a.Name = MaskName(a.Name)
	a.IDNumber = MaskIDNumber(a.IDNumber)
	a.Phone = MaskPhone(a.Phone)
	a.Email = MaskText(a.Email)
	a.Address = MaskText(a.Address)
	return a
}

// AppealFilter selects cases. Zero fields do not filter.
type AppealFilter struct {
	RequestID string
	Agencies  []string
	Pending   *bool // not closed yet / closed
	// ActiveInYear selects the cases table 四 of that year counts: filed by
	// its end and not closed before its start.
	ActiveInYear int
	Offset       int
	Limit        int
}

// RequestProgress is what a store keeps beside the events of a request so
// that it can filter without replaying them.
type RequestProgress struct {
	ReceivedOn Date // the first receipt
	Open       bool // received and not closed, or reopened
	ClosedOn   Date // the first closure (table 三 counts a request once)
	// Outcome is the table 三 outcome of the first closure (the 2021 ids, or
	// the decision's own outcome as recorded); "" while never closed.
	Outcome string
}

// Advance returns the progress after events, so that a store can update it
// on append without reading the earlier events.
func (p RequestProgress) Advance(events ...Event) RequestProgress {
	for i := range events {
		e := &events[i]
		switch {
		case e.Kind == EventReceived:
			if p.ReceivedOn.IsZero() {
				p.ReceivedOn = e.On
			}
			p.Open = true
		case e.Kind == EventReopened:
			p.Open = true
		default:
			if o, c := closes(e); c {
				p.Open = false
				if p.ClosedOn.IsZero() {
					p.ClosedOn, p.Outcome = e.On, o
				}
			}
		}
	}
	return p
}

// ValidateStoredEvent checks what a store needs of an event: a kind and a date.
func ValidateStoredEvent(e *Event) error {
	if e.Kind == "" {
		return Errorf(EINVALID, "event without a kind")
	}
	if e.On.IsZero() {
		return Errorf(EINVALID, "%s event without a date", e.Kind)
	}
	return nil
}

// ProactiveInput holds the table 二 figures of one agency and year that come
// from other systems (规范性文件 issued/repealed/in force, 行政许可/处罚/强制
// decisions, 行政事业性收费), entered by hand or imported from XLSX.
type ProactiveInput struct {
	Agency string
	Year   int
	// Values are keyed by the table 二 cell path without the table key, as
	// in the open JSON format: "licensing.decisions", "normative_docs.in_force".
	Values    map[string]float64
	Source    string // "manual", or "xlsx:" and the file name
	Version   int    // 1 after the first save; the optimistic lock
	UpdatedAt time.Time
	UpdatedBy string
}

// Validate checks the inputs: a year, cells of that year's table 二
// (report/layout.go), finite figures, and no negative count — except the
// 2019 format's 本年增/减, which is signed.
func (in *ProactiveInput) Validate() error {
	switch {
	case in.Agency == "":
		return Errorf(EINVALID, "proactive inputs without an agency")
	case in.Year < 2008 || in.Year > 2200:
		return Errorf(EINVALID, "proactive inputs of %s: year %d", in.Agency, in.Year)
	}
	def := report.LayoutOf(report.VersionForYear(in.Year)).Proactive
	for k, v := range in.Values {
		rowID, colID, _ := strings.Cut(k, ".")
		var col *report.Column
		if row := def.Row(rowID); row != nil {
			col = row.Column(colID)
		}
		if col == nil {
			return Errorf(EINVALID, "proactive inputs of %s %d: %q is not a cell of the %d table 二", in.Agency, in.Year, k, in.Year)
		}
		if math.IsNaN(v) || math.IsInf(v, 0) || (v < 0 && col.Kind != report.SignedCount) {
			return Errorf(EINVALID, "proactive inputs of %s %d: %s = %v is not a count", in.Agency, in.Year, k, v)
		}
		if col.Kind != report.Amount && v != math.Trunc(v) {
			return Errorf(EINVALID, "proactive inputs of %s %d: %s = %v is not a whole number", in.Agency, in.Year, k, v)
		}
	}
	return nil
}

// ProactiveInputFilter selects table 二 inputs. Zero fields do not filter.
type ProactiveInputFilter struct {
	Agencies []string
	Year     int
}

// ReportStatus is where a revision of an annual report stands.
type ReportStatus string

// The report statuses, in order.
const (
	ReportDraft     ReportStatus = "draft"     // being edited
	ReportChecked   ReportStatus = "checked"   // passed the consistency rules (勾稽关系)
	ReportPublished ReportStatus = "published" // on the portal; immutable
)

// ReportTransition returns nil when a revision may move from one status to
// another: draft → checked → published, and checked → draft (reopened for
// editing). Nothing leaves published (ECONFLICT); skipping the check is
// EINVALID (the check cannot be bypassed).
func ReportTransition(from, to ReportStatus) error {
	switch {
	case from == ReportPublished:
		return Errorf(ECONFLICT, "已发布的年度报告不能修改；更正请新建修订版")
	case from == ReportDraft && to == ReportChecked,
		from == ReportChecked && to == ReportPublished,
		from == ReportChecked && to == ReportDraft:
		return nil
	case to != ReportDraft && to != ReportChecked && to != ReportPublished:
		return Errorf(EINVALID, "unknown report status %q", to)
	}
	return Errorf(EINVALID, "年度报告不能从%s直接变为%s：须先通过勾稽关系检查", from, to)
}

// AnnualReport is one revision of the annual report of an agency and year.
type AnnualReport struct {
	Agency   string
	Year     int
	Revision int // 1, 2, …: a correction after publishing is a new revision
	Status   ReportStatus
	// Body is the report in the open JSON format gongkai/annual-report/v1
	// (report.EncodeJSON), kept byte for byte.
	Body        json.RawMessage
	Version     int // edit counter; the optimistic lock
	UpdatedAt   time.Time
	UpdatedBy   string
	CheckedAt   time.Time // zero unless checked or published
	CheckedBy   string
	PublishedAt time.Time // zero unless published
	PublishedBy string
}

// Validate checks the fields a store needs.
func (r *AnnualReport) Validate() error {
	switch {
	case r.Agency == "":
		return Errorf(EINVALID, "annual report without an agency")
	case r.Year < 2008 || r.Year > 2200:
		return Errorf(EINVALID, "annual report of %s: year %d", r.Agency, r.Year)
	case len(r.Body) == 0 || !json.Valid(r.Body):
		return Errorf(EINVALID, "annual report of %s %d: body is not JSON", r.Agency, r.Year)
	}
	return nil
}

// AnnualReportFilter selects report revisions. Zero fields do not filter.
type AnnualReportFilter struct {
	Agencies []string
	Year     int
	Status   ReportStatus
}

// ProgressDelta returns what appending events changes in a request's
// progress: the first receipt and the first closure among them (zero when
// none), and whether the request is open after them when one of them opens
// or closes it (changed false: open stays as it was). A store applies it to
// the stored progress without reading the earlier events; a stored receipt
// or closure date is kept.
func ProgressDelta(events ...Event) (received, closed Date, open, changed bool) {
	p := RequestProgress{}.Advance(events...)
	for i := range events {
		e := &events[i]
		if _, c := closes(e); c || e.Kind == EventReceived || e.Kind == EventReopened {
			changed = true
		}
	}
	return p.ReceivedOn, p.ClosedOn, p.Open, changed
}

// TallyStore answers the counts of tables 三 and 四 without loading the
// records: it groups the requests and cases a report of a year counts by
// the stored facts the counting rules look at, and the domain
// (TallyTables) turns the groups into tables by the same rules as Tables.
// The stores implement it as part of RequestStore and AppealStore.
type TallyStore interface {
	// RequestTally returns the requests of the agencies that RequestFilter
	// ActiveInYear selects for year (received by its end, not first closed
	// before its start), counted by RequestTallyRow's keys, ordered by
	// them. An empty agencies selects nothing.
	RequestTally(ctx context.Context, agencies []string, year int) ([]RequestTallyRow, error)
	// AppealTally returns the cases of the agencies that AppealFilter
	// ActiveInYear selects for year, counted by AppealTallyRow's keys,
	// ordered by them. An empty agencies selects nothing.
	AppealTally(ctx context.Context, agencies []string, year int) ([]AppealTallyRow, error)
}

// RequestTallyRow is a group of requests that table 三 of a year counts in
// the same cells. The keys are plain comparisons of the stored progress
// (RequestProgress) with the year's bounds.
type RequestTallyRow struct {
	Agency        string
	ApplicantType ApplicantType // the applicant record's type
	// ReceivedBefore: the first receipt is before 1 January of the year.
	ReceivedBefore bool
	// ClosedInYear: the first closure is in the year (by 31 December).
	ClosedInYear bool
	// Outcome is RequestProgress.Outcome when ClosedInYear, else "".
	Outcome string
	Count   int
}

// AppealTallyRow is a group of cases that table 四 of a year counts in the
// same cell.
type AppealTallyRow struct {
	Agency string
	Kind   AppealKind
	// ClosedInYear: the case was closed by 31 December of the year.
	ClosedInYear bool
	// Outcome is the stored outcome when ClosedInYear, else "".
	Outcome AppealOutcome
	Count   int
}
