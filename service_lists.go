package gongkai

import (
	"context"
	"fmt"
)

// Requests returns the requests of one agency that f selects, for a user who
// acts for it. f.Agencies is replaced by the agency: a list never reaches
// beyond what the user may see.
func (s *Service) Requests(ctx context.Context, u *User, agencyID string, f RequestFilter) ([]*Request, error) {
	if _, err := s.authorize(ctx, u, agencyID); err != nil {
		return nil, err
	}
	f.Agencies = []string{agencyID}
	return s.Store.Requests(ctx, f)
}

// Appeal returns one case for a user who acts for the agency of its request.
func (s *Service) Appeal(ctx context.Context, u *User, id string) (*Appeal, error) {
	a, err := s.Store.Appeal(ctx, id)
	if err != nil {
		return nil, err
	}
	r, err := s.Store.Request(ctx, a.RequestID)
	if err != nil {
		return nil, err
	}
	if _, err := s.authorize(ctx, u, r.Agency); err != nil {
		return nil, err
	}
	return a, nil
}

// Appeals returns the cases about one request, for a user who acts for its
// agency.
func (s *Service) Appeals(ctx context.Context, u *User, requestID string) ([]*Appeal, error) {
	r, err := s.Store.Request(ctx, requestID)
	if err != nil {
		return nil, err
	}
	if _, err := s.authorize(ctx, u, r.Agency); err != nil {
		return nil, err
	}
	return s.Store.Appeals(ctx, AppealFilter{RequestID: requestID})
}

// CloseAppeal records the end of a case (条例第五十一条). A 结果纠正 reopens the
// request for a new answer (Policy.CloseAppeal), within dueOn when the
// decision or judgment set a term; the case and the reopening are written in
// one transaction. expectedVersion is the number of events of the request the
// caller saw (ECONFLICT when it moved).
func (s *Service) CloseAppeal(ctx context.Context, u *User, id string, expectedVersion int, on Date, outcome AppealOutcome, dueOn Date) (*Appeal, error) {
	a, err := s.Appeal(ctx, u, id)
	if err != nil {
		return nil, err
	}
	r, err := s.Store.Request(ctx, a.RequestID)
	if err != nil {
		return nil, err
	}
	if len(r.Events) != expectedVersion {
		return nil, &Error{Code: ECONFLICT, Message: fmt.Sprintf("申请%s已被他人更新（版本%d，而非%d），请刷新后重试", r.ID, len(r.Events), expectedVersion)}
	}
	before := len(r.Events)
	if err := s.Policy.CloseAppeal(a, r, on, outcome, u.ID, dueOn); err != nil {
		return nil, err
	}
	var closed *Appeal
	err = s.Store.WithTx(actorContext(ctx, u), func(tx Store) error {
		var err error
		if closed, err = tx.CloseAppeal(actorContext(ctx, u), a.ID, on, outcome); err != nil {
			return err
		}
		if len(r.Events) > before {
			_, err = tx.AppendEvents(actorContext(ctx, u), r.ID, before, r.Events[before:]...)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return closed, nil
}
