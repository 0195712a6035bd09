package web

func (s *Server) registerProactiveInputRoutes() {}
func (s *Server) registerAdminRoutes()          {}
