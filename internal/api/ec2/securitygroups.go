package ec2

func (a *API) registerSecurityGroups() {}
