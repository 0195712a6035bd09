package demo

import (
	"context"
	"fmt"

	"gongkai"
	"gongkai/password"
)

// Options tune Load and LoadSynthetic. The zero value is ready to use.
type Options struct {
	// Hasher hashes the users' passwords; nil means password.Default().
	Hasher gongkai.PasswordHasher
	// Actor is recorded in the audit log when the context names none;
	// "" means "cli:demo".
	Actor string
	// BatchSize is the number of requests written per transaction by
	// LoadSynthetic; 0 means 1000.
	BatchSize int
	// Progress, when set, is called after each batch of LoadSynthetic with
	// the number of requests written so far.
	Progress func(done int)
}

func (o *Options) ctx(ctx context.Context) context.Context {
	if gongkai.ActorFrom(ctx) != "" {
		return ctx
	}
	if o.Actor == "" {
		return gongkai.WithActor(ctx, "cli:demo")
	}
	return gongkai.WithActor(ctx, o.Actor)
}

// sharedHasher hashes each distinct password once. The demo's accounts
// share a few published passwords, and argon2id at production cost takes a
// noticeable time per hash; sharing the salt between accounts with the same
// (public) demo password reveals nothing.
type sharedHasher struct {
	h    gongkai.PasswordHasher
	done map[string]string
}

func (s *sharedHasher) Hash(pw string) (string, error) {
	if h, ok := s.done[pw]; ok {
		return h, nil
	}
	h, err := s.h.Hash(pw)
	if err == nil {
		s.done[pw] = h
	}
	return h, err
}

func (s *sharedHasher) Verify(hash, pw string) (bool, error) { return s.h.Verify(hash, pw) }

// users turns demo accounts into store users with hashed passwords.
func (o *Options) users(us []DemoUser) ([]*gongkai.User, error) {
	h := o.Hasher
	if h == nil {
		h = password.Default()
	}
	sh := &sharedHasher{h: h, done: map[string]string{}}
	var out []*gongkai.User
	for _, d := range us {
		u := &gongkai.User{ID: "u-" + d.Username, Login: d.Username, Name: d.Name, Role: d.Role,
			AgencyID: d.AgencyID, IncludeSubtree: d.IncludeSubtree}
		if err := u.SetPassword(sh, d.Password); err != nil {
			return nil, fmt.Errorf("demo: user %s: %w", d.Username, err)
		}
		out = append(out, u)
	}
	return out, nil
}

// Load writes ds into st in one transaction: agencies (parents first),
// users with hashed passwords, applicants with their requests and events,
// cases (created, then closed as they ended), the table 二 inputs, and the
// published catalog items.
func Load(ctx context.Context, st gongkai.Store, ds *Dataset) error {
	return LoadWith(ctx, st, ds, Options{})
}

// LoadWith is Load with options.
func LoadWith(ctx context.Context, st gongkai.Store, ds *Dataset, o Options) error {
	ctx = o.ctx(ctx)
	users, err := o.users(ds.Users)
	if err != nil {
		return err
	}
	applicants := make(map[string]*gongkai.ApplicantRecord, len(ds.Applicants))
	for _, a := range ds.Applicants {
		applicants[a.ID] = a
	}
	return st.WithTx(ctx, func(tx gongkai.Store) error {
		if err := createAgencies(ctx, tx, ds.Agencies); err != nil {
			return err
		}
		for _, u := range users {
			if err := tx.CreateUser(ctx, u); err != nil {
				return fmt.Errorf("demo: user %s: %w", u.Login, err)
			}
		}
		byRequest := map[string][]*gongkai.Appeal{}
		for _, a := range ds.Appeals {
			byRequest[a.RequestID] = append(byRequest[a.RequestID], a)
		}
		for _, r := range ds.Requests {
			a := applicants[r.Applicant.ID]
			if a == nil {
				return fmt.Errorf("demo: request %s: no record of applicant %s", r.ID, r.Applicant.ID)
			}
			if err := createRequest(ctx, tx, r, a, byRequest[r.ID]); err != nil {
				return err
			}
		}
		for _, in := range ds.Proactive {
			c := *in
			c.Version = 0
			if err := tx.PutProactiveInput(ctx, &c); err != nil {
				return fmt.Errorf("demo: table 二 inputs of %s %d: %w", in.Agency, in.Year, err)
			}
		}
		return createItems(ctx, tx, ds)
	})
}

// createItems stores the catalog, each item's 索引号 issued by the store's
// IndexNoGenerator (so that its counters know the numbers are taken) and
// checked against the dataset's. A store with the bulk path CreateItems
// (sqlstore: the same validation, rows, search tokens and audit entries as
// CreateItem) writes the items with it; others item by item.
func createItems(ctx context.Context, st gongkai.Store, ds *Dataset) error {
	items := make([]*gongkai.Item, len(ds.Items))
	for i, it := range ds.Items {
		ag := ds.Agency(it.Agency)
		if ag == nil {
			return fmt.Errorf("demo: item %s: no agency %s", it.ID, it.Agency)
		}
		no, err := st.NextIndexNo(ctx, ag.Code, it.PublishedOn.Year)
		if err != nil {
			return fmt.Errorf("demo: item %s: %w", it.ID, err)
		}
		if no != it.IndexNo {
			return fmt.Errorf("demo: item %s: the store issued 索引号 %s, the dataset has %s (is the store empty?)", it.ID, no, it.IndexNo)
		}
		c := *it
		items[i] = &c
	}
	if bulk, ok := st.(interface {
		CreateItems(context.Context, []*gongkai.Item) error
	}); ok {
		if err := bulk.CreateItems(ctx, items); err != nil {
			return fmt.Errorf("demo: items: %w", err)
		}
		return nil
	}
	for _, it := range items {
		if err := st.CreateItem(ctx, it); err != nil {
			return fmt.Errorf("demo: item %s: %w", it.ID, err)
		}
	}
	return nil
}

func createAgencies(ctx context.Context, st gongkai.Store, ags []*gongkai.Agency) error {
	for _, a := range ags {
		c := *a
		if err := st.CreateAgency(ctx, &c); err != nil {
			return fmt.Errorf("demo: agency %s: %w", a.ID, err)
		}
	}
	return nil
}

// createRequest stores a request (a copy: the store may fill fields) and
// the cases about it, each created open and then closed.
func createRequest(ctx context.Context, st gongkai.Store, r *gongkai.Request, a *gongkai.ApplicantRecord, appeals []*gongkai.Appeal) error {
	c := *r
	c.Events = append([]gongkai.Event(nil), r.Events...)
	ac := *a
	if err := st.CreateRequest(ctx, &c, &ac); err != nil {
		return fmt.Errorf("demo: request %s: %w", r.ID, err)
	}
	for _, ap := range appeals {
		open := *ap
		open.ClosedOn, open.Outcome = gongkai.Date{}, ""
		if err := st.CreateAppeal(ctx, &open); err != nil {
			return fmt.Errorf("demo: appeal %s: %w", ap.ID, err)
		}
		if !ap.ClosedOn.IsZero() {
			if _, err := st.CloseAppeal(ctx, ap.ID, ap.ClosedOn, ap.Outcome); err != nil {
				return fmt.Errorf("demo: appeal %s: %w", ap.ID, err)
			}
		}
	}
	return nil
}

// LoadSynthetic writes the generator's jurisdiction into st: the agencies
// and the admin in one transaction, then the requests with their applicants
// and cases in transactions of o.BatchSize requests, then the table 二
// inputs.
func LoadSynthetic(ctx context.Context, st gongkai.Store, g *Generator, o Options) error {
	ctx = o.ctx(ctx)
	users, err := o.users(g.Users())
	if err != nil {
		return err
	}
	err = st.WithTx(ctx, func(tx gongkai.Store) error {
		if err := createAgencies(ctx, tx, g.Agencies()); err != nil {
			return err
		}
		for _, u := range users {
			if err := tx.CreateUser(ctx, u); err != nil {
				return fmt.Errorf("demo: user %s: %w", u.Login, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	size := o.BatchSize
	if size <= 0 {
		size = 1000
	}
	type item struct {
		r  *gongkai.Request
		a  *gongkai.ApplicantRecord
		ap []*gongkai.Appeal
	}
	batch := make([]item, 0, size)
	done := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := st.WithTx(ctx, func(tx gongkai.Store) error {
			for _, it := range batch {
				if err := createRequest(ctx, tx, it.r, it.a, it.ap); err != nil {
					return err
				}
			}
			return nil
		})
		done += len(batch)
		batch = batch[:0]
		if err == nil && o.Progress != nil {
			o.Progress(done)
		}
		return err
	}
	err = g.EachRequest(func(r *gongkai.Request, a *gongkai.ApplicantRecord, ap []*gongkai.Appeal) error {
		batch = append(batch, item{r, a, ap})
		if len(batch) == size {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	// The table 二 inputs, a batch of agencies per transaction.
	var ins []*gongkai.ProactiveInput
	put := func() error {
		err := st.WithTx(ctx, func(tx gongkai.Store) error {
			for _, in := range ins {
				if err := tx.PutProactiveInput(ctx, in); err != nil {
					return fmt.Errorf("demo: table 二 inputs of %s %d: %w", in.Agency, in.Year, err)
				}
			}
			return nil
		})
		ins = ins[:0]
		return err
	}
	err = g.EachProactive(func(in *gongkai.ProactiveInput) error {
		if ins = append(ins, in); len(ins) == size {
			return put()
		}
		return nil
	})
	if err != nil || len(ins) == 0 {
		return err
	}
	return put()
}

// Loaded reports whether st already holds the demo jurisdiction (its root
// agency), so that a second `serve --demo` on the same database can skip Load.
func Loaded(ctx context.Context, st gongkai.AgencyStore) (bool, error) {
	_, err := st.Agency(ctx, AnxiID)
	switch {
	case err == nil:
		return true, nil
	case gongkai.ErrorCode(err) == gongkai.ENOTFOUND:
		return false, nil
	}
	return false, err
}
