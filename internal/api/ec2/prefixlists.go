package ec2

func (a *API) registerPrefixLists() {}
